using System.Globalization;
using System.Text.Json;

namespace LedgerReconcile.Datto.Parsing;

internal enum DattoListShape { BareArray, Envelope, IndexKeyed, Empty, Unrecognised }

internal sealed record DattoPagination(int? Page, int? PerPage, int? TotalPages, int? Count);

// The reference lists three shapes for the same collection (bare array, {pagination, items}, {"0":{...}}):
// every list endpoint is read through here so each accepts all of them.
internal sealed record DattoList(IReadOnlyList<JsonElement> Items, DattoPagination? Pagination, DattoListShape Shape)
{
    public static DattoList Read(JsonElement? root)
    {
        if (root is not { } element) return new([], null, DattoListShape.Empty);
        switch (element.ValueKind)
        {
            // An explicit null says nothing about how many there are: read as empty it would look like every item vanished.
            case JsonValueKind.Null:
                return new([], null, DattoListShape.Unrecognised);
            case JsonValueKind.Undefined:
                return new([], null, DattoListShape.Empty);
            case JsonValueKind.Array:
                return new(element.EnumerateArray().ToArray(), null, DattoListShape.BareArray);
            case JsonValueKind.Object when TryGetProperty(element, "items", out var items):
                var inner = Read(items);
                return inner.Shape == DattoListShape.Unrecognised
                    ? inner
                    : new(inner.Items, ReadPagination(element), DattoListShape.Envelope);
            case JsonValueKind.Object when !element.EnumerateObject().Any():
                return new([], null, DattoListShape.Empty);
            case JsonValueKind.Object when IsIndexKeyed(element):
                return new(element.EnumerateObject()
                    .OrderBy(p => long.Parse(p.Name, CultureInfo.InvariantCulture))
                    .Select(p => p.Value)
                    .ToArray(), null, DattoListShape.IndexKeyed);
            default:
                return new([], null, DattoListShape.Unrecognised);
        }
    }

    private static bool IsIndexKeyed(JsonElement element) =>
        element.EnumerateObject().All(p =>
            long.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out _) && p.Value.ValueKind == JsonValueKind.Object);

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value) =>
        DattoJsonObject.FindProperty(element, name, out value);

    public static DattoPagination? ReadPagination(JsonElement envelope)
    {
        if (!TryGetProperty(envelope, "pagination", out var pagination) || pagination.ValueKind != JsonValueKind.Object) return null;
        var reader = new DattoJsonObject(pagination, "pagination", "", []);
        return new(reader.Int32("page"), reader.Int32("perPage"), reader.Int32("totalPages"), reader.Int32("count"));
    }

    // Two pages with the same items mean the server ignores _page; a promised page count cannot then end the loop.
    public string Fingerprint()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var item in Items) hash.AppendData(System.Text.Encoding.UTF8.GetBytes(item.GetRawText() + "\n"));
        return $"{Items.Count}:{Convert.ToHexString(hash.GetHashAndReset())}";
    }

    public string Describe() => Shape switch
    {
        DattoListShape.Unrecognised => "a body that is neither an array, a {pagination, items} envelope nor an index-keyed object",
        _ => Shape.ToString(),
    };
}
