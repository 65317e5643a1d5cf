using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;

namespace LedgerReconcile.Api.Http;

/// <summary>An example request body shown in the OpenAPI document.</summary>
public sealed record RequestExample(object Value);

/// <summary>An example response body for one status code.</summary>
public sealed record ResponseExample(int Status, object Value);

public static class OpenApiExamples
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, object example) =>
        builder.WithMetadata(new RequestExample(example));

    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder builder, object example, int status = StatusCodes.Status200OK) =>
        builder.WithMetadata(new ResponseExample(status, example));

    /// <summary>Writes the examples attached to an endpoint into its operation.</summary>
    public static OpenApiOptions AddExamples(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<RequestExample>().LastOrDefault() is { } request && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonSerializer.SerializeToNode(request.Value, Json);
                }
            }

            foreach (var response in metadata.OfType<ResponseExample>())
            {
                var status = response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (operation.Responses is not null && operation.Responses.TryGetValue(status, out var described) && described.Content is { } bodies)
                {
                    foreach (var media in bodies.Values)
                    {
                        media.Example = JsonSerializer.SerializeToNode(response.Value, Json);
                    }
                }
            }

            return Task.CompletedTask;
        });
}
