using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary>The OpenAPI document describes every endpoint: name, summary, description, examples, the key scheme.</summary>
public sealed class OpenApiTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task TheDocumentListsExactlyTheEndpointsTheTestsCover()
    {
        var operations = await OperationsAsync();

        Assert.Equal(
            EndpointCatalog.All.Select(e => e.Name).Order(StringComparer.Ordinal),
            operations.Select(o => o.GetProperty("operationId").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryOperationHasASummaryADescriptionAndExamplesOfItsBody()
    {
        foreach (var operation in await OperationsAsync())
        {
            var id = operation.GetProperty("operationId").GetString();
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{id} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()), $"{id} has no description");
            if (operation.TryGetProperty("requestBody", out var body))
            {
                Assert.True(body.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _), $"{id} has no request example");
            }
        }
    }

    [Fact]
    public async Task TheDocumentIsPublicAndNamesTheApiKeyScheme()
    {
        var document = await host.Client().GetStringAsync("/openapi/v1.json");
        using var json = JsonDocument.Parse(document);

        var scheme = json.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
    }

    private async Task<List<JsonElement>> OperationsAsync()
    {
        using var json = JsonDocument.Parse(await host.Client().GetStringAsync("/openapi/v1.json"));
        return json.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch").Select(m => m.Value.Clone()))
            .ToList();
    }
}
