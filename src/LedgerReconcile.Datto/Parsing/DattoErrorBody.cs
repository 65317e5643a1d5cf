using System.Text.Json;

namespace LedgerReconcile.Datto.Parsing;

// Datto's error body is {code, message}.
internal static class DattoErrorBody
{
    public static string Detail(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return "";
            var json = new DattoJsonObject(document.RootElement, "", "", []);
            var message = json.String("message");
            return string.IsNullOrWhiteSpace(message) ? "" : $" ({json.String("code")}: {message})";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
