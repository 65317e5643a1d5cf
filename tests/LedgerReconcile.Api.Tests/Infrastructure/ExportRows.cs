using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;

namespace LedgerReconcile.Api.Tests.Infrastructure;

/// <summary>An export read back as a reader would: CSV through CsvHelper, JSON as an array of objects.</summary>
public static class ExportRows
{
    public static async Task<List<Dictionary<string, string>>> CsvAsync(HttpResponseMessage response)
    {
        await Expect.StatusAsync(response, 200);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return Csv(await response.Content.ReadAsStringAsync());
    }

    public static List<Dictionary<string, string>> Csv(string text)
    {
        using var reader = CsvReader.FromText(text, new CsvReaderOptions());
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.Select((name, i) => (name, value: reader.GetString(i))).ToDictionary(c => c.name, c => c.value, StringComparer.Ordinal));
        }

        return rows;
    }

    public static async Task<List<JsonElement>> JsonAsync(HttpResponseMessage response)
    {
        await Expect.StatusAsync(response, 200);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    public static decimal? Number(string cell) => cell.Length == 0 ? null : decimal.Parse(cell, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static decimal? Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();

    public static decimal? Number(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var value) ? Number(value) : null;

    /// <summary>A time as a query-string value: UTC with a Z, to the tick.</summary>
    public static string Query(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
