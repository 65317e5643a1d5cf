using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace LedgerReconcile.Api.Http;

/// <summary>
/// Failures to read a request (JSON that does not fit, a missing body, a query value of the wrong kind) in the
/// ledger's words: which field, what was expected. The framework's own messages name .NET types, which mean nothing
/// to a caller and describe our internals.
/// </summary>
public static partial class BindingProblems
{
    public const string Title = "The request could not be read.";

    public static ProblemDetails FromJson(JsonException json) =>
        Fields(FieldOf(json.Path), ExpectationOf(json));

    public static ProblemDetails FromBinding(BadHttpRequestException bad)
    {
        if (bad.StatusCode != StatusCodes.Status400BadRequest)
        {
            return new ProblemDetails { Status = bad.StatusCode, Title = Title, Detail = bad.Message };
        }

        if (BindFailure().Match(bad.Message) is { Success: true } failed)
        {
            var type = failed.Groups["type"].Value;
            return Fields(failed.Groups["name"].Value, $"'{failed.Groups["value"].Value}' is not {Describe(type)}.");
        }

        if (MissingParameter().Match(bad.Message) is { Success: true } missing)
        {
            var name = missing.Groups["name"].Value;
            return missing.Groups["source"].Value == "body" || name == "body"
                ? Fields("body", "A JSON body is required.")
                : Fields(name, $"'{name}' is required.");
        }

        return NamesInternals(bad.Message)
            ? new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = Title, Detail = "The request is not in a form this endpoint accepts." }
            : new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = Title, Detail = bad.Message };
    }

    private static HttpValidationProblemDetails Fields(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Title,
            Detail = $"{field}: {message}",
        };

    /// <summary>JSON paths as the body spells them, without the root: <c>$.lines[0].quantity</c> is <c>lines[0].quantity</c>.</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string ExpectationOf(JsonException json)
    {
        if (ConvertFailure().Match(json.Message) is { Success: true } convert)
        {
            return $"Expected {ExpectedAt(convert.Groups["type"].Value, json.Path)}.";
        }

        var message = json.Message.Split(" Path: ", 2)[0].Split(" LineNumber: ", 2)[0];
        return NamesInternals(message) ? "This is not valid JSON for this field." : message;
    }

    /// <summary>
    /// System.Text.Json names the record whose constructor could not take the value, not the field's own type, so the
    /// field is looked up on that record by the last step of the path.
    /// </summary>
    private static string ExpectedAt(string typeName, string? path)
    {
        var type = Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("LedgerReconcile", StringComparison.Ordinal) == true)
            .Select(a => a.GetType(typeName))
            .FirstOrDefault(t => t is not null);
        var member = (path ?? "$").Split('.')[^1];
        if (type is null || member.StartsWith('$') || member.EndsWith(']'))
        {
            return type is null || type.IsPrimitive || type == typeof(string) || type == typeof(decimal) ? Describe(typeName) : "a JSON object";
        }

        var property = type.GetProperty(member, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
        return property is null ? Describe(typeName) : Describe((Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).Name);
    }

    private static string Describe(string type)
    {
        var name = type.TrimEnd('?');
        return name switch
        {
            _ when name.Contains("DateTimeOffset", StringComparison.Ordinal) => OffsetTimeConverter.Expected,
            _ when name.Contains("DateOnly", StringComparison.Ordinal) => "a date such as 2026-10-31",
            _ when name.Contains("List", StringComparison.Ordinal) || name.Contains("[]", StringComparison.Ordinal)
                || name.StartsWith("IEnumerable", StringComparison.Ordinal) => "an array",
            _ when name.Contains("String", StringComparison.OrdinalIgnoreCase) => "text",
            _ when name.Contains("Boolean", StringComparison.Ordinal) || name == "bool" => "true or false",
            _ when name.Contains("Decimal", StringComparison.OrdinalIgnoreCase) || name.Contains("Int", StringComparison.Ordinal)
                || name is "long" or "int" or "decimal" => "a number",
            _ when name.Contains("Guid", StringComparison.Ordinal) => "a UUID",
            _ => "a JSON object",
        };
    }

    private static bool NamesInternals(string message) =>
        message.Contains("System.", StringComparison.Ordinal) || message.Contains("LedgerReconcile.", StringComparison.Ordinal)
        || message.Contains("Microsoft.", StringComparison.Ordinal);

    [GeneratedRegex(@"could not be converted to (?<type>[^\s]+?)\.? Path:")]
    private static partial Regex ConvertFailure();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("parameter \"(?:(?<type>[^\"]+) )?(?<name>[^\" ]+)\" (?:was not provided from (?<source>[a-z ]+)|but no body was provided)")]
    private static partial Regex MissingParameter();
}
