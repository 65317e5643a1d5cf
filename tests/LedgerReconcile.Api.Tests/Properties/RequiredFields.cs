using System.Reflection;

namespace LedgerReconcile.Api.Tests.Properties;

/// <summary>
/// Which values of a request body are required, read from the request type: a property that is not nullable has no
/// "unknown", so leaving it out or sending null must be refused rather than read as 0, false or empty.
/// </summary>
public static class RequiredFields
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static bool IsRequired(Type requestType, string path)
    {
        var type = requestType;
        var required = true;
        foreach (var step in JsonMutation.Steps(path))
        {
            if (step is int)
            {
                type = ElementType(type);
                required = true;
            }
            else if (type?.GetProperty((string)step, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property)
            {
                type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                required = Nullable.GetUnderlyingType(property.PropertyType) is null && Nullability.Create(property).ReadState == NullabilityState.NotNull;
            }
            else
            {
                return false;
            }
        }

        return required;
    }

    private static Type? ElementType(Type? type) =>
        type?.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?
            .GetGenericArguments()[0];
}
