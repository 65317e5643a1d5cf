using System.Reflection;
using LedgerReconcile.Application.Validation;

namespace LedgerReconcile.Api.Http;

/// <summary>
/// Rules every query string follows, checked before any handler runs so no endpoint can forget them: a value is text
/// on one line (a NUL or a bidirectional override is never part of a filter or a page size, though the framework reads
/// "5\0" as 5), and every time an endpoint takes from the query (asOf, knownAt, from, to, ...) follows
/// <see cref="QueryRules.Time"/>, as times in bodies do; the framework alone reads "2026-10-31T00:00:00" as the
/// server's local time and year 0001 or 9999 without complaint.
/// </summary>
public static class QueryStringRules
{
    public const int MaxValueLength = 2000;

    public static TBuilder RequireQueryStringRules<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Check);

    private static EndpointFilterDelegate Check(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var times = factory.MethodInfo.GetParameters().Where(IsQueryTime).Select(p => p.Name!).ToArray();
        return context =>
        {
            var http = context.HttpContext;
            var rules = new QueryRules();
            foreach (var (name, values) in http.Request.Query)
            {
                rules.Require(
                    LedgerRules.IsFreeText(values.ToString(), MaxValueLength),
                    name,
                    $"'{name}' is at most {MaxValueLength} characters on one line, without control characters or bidirectional overrides.");
            }

            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            foreach (var name in times)
            {
                rules.Time(http.Request.Query[name].ToString(), name, now);
            }

            rules.ThrowIfInvalid();
            return next(context);
        };
    }

    private static bool IsQueryTime(ParameterInfo parameter) =>
        (Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) == typeof(DateTimeOffset)
        && !parameter.GetCustomAttributes().Any(a => a is Microsoft.AspNetCore.Mvc.FromBodyAttribute or Microsoft.AspNetCore.Mvc.FromRouteAttribute
            or Microsoft.AspNetCore.Mvc.FromHeaderAttribute);
}
