using Microsoft.AspNetCore.Http.Features;

namespace LedgerReconcile.Api.Http;

/// <summary>The largest body an endpoint accepts; commands are small, snapshot documents are larger.</summary>
public sealed record RequestBodyLimit(long Bytes)
{
    public const long Command = 64 * 1024;
    public const long Snapshot = 8 * 1024 * 1024;
}

public static class RequestBodyLimits
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestBodyLimit(bytes));

    /// <summary>Refuses a declared oversize body at once (413) and caps streamed bodies at the endpoint's limit.</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes ?? RequestBodyLimit.Command;
            if (context.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException(
                    $"The request body is {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}.",
                    StatusCodes.Status413PayloadTooLarge);
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            await next(context);
        });
}
