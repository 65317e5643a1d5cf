using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerReconcile.Projections.ReadModels;

/// <summary>The one JSON form of documents and history rows (camelCase, enums as names).</summary>
public static class ReadModelJson
{
    /// <summary>Options used for every document and history row.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
