namespace LedgerReconcile.Api.Http;

/// <summary>
/// Every request gets a correlation id (the caller's <c>X-Correlation-Id</c> when it sends a sane one), echoed on the
/// response, put on every log line through a logging scope, and written into the metadata of the events it causes.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaxLength = 128;

    public static string Of(HttpContext context) =>
        context.Items.TryGetValue(HeaderName, out var value) && value is string id ? id : context.TraceIdentifier;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var presented = context.Request.Headers[HeaderName].FirstOrDefault();
            var id = IsAcceptable(presented) ? presented! : Guid.CreateVersion7().ToString();
            context.Items[HeaderName] = id;
            context.TraceIdentifier = id;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = id;
                return Task.CompletedTask;
            });

            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("LedgerReconcile.Http");
            using (logger.BeginScope(new KeyValuePair<string, object>[] { new("CorrelationId", id) }))
            {
                await next(context);
            }
        });

    private static bool IsAcceptable(string? presented) =>
        !string.IsNullOrWhiteSpace(presented)
        && presented.Length <= MaxLength
        && presented.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
