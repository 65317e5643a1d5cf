using System.Text.Unicode;
using Microsoft.Net.Http.Headers;

namespace LedgerReconcile.Api.Http;

/// <summary>
/// A JSON body is UTF-8 (RFC 8259, section 8.1). Another declared charset is a 415 (an unknown one made the framework
/// fail with a 500), and bytes that are not UTF-8 are a 400: the JSON reader does not look inside property names and
/// values it skips, so such a body could otherwise be taken as if it were valid.
/// </summary>
public static class Utf8JsonBodies
{
    public static IApplicationBuilder UseUtf8JsonBodies(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.ContentLength != 0 && MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && IsJson(type))
            {
                var charset = type.Charset;
                if (charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                {
                    throw new BadHttpRequestException($"A JSON body is UTF-8; charset '{charset}' is not accepted.", StatusCodes.Status415UnsupportedMediaType);
                }

                // The body is already capped at the endpoint's limit (RequestBodyLimits runs first).
                var body = new MemoryStream();
                await request.Body.CopyToAsync(body, context.RequestAborted);
                if (!Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
                {
                    throw new BadHttpRequestException("The body is not valid UTF-8.", StatusCodes.Status400BadRequest);
                }

                body.Position = 0;
                request.Body = body;
            }

            await next(context);
        });

    private static bool IsJson(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
}
