using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace LedgerReconcile.Api.Tests.Infrastructure;

/// <summary>Changes one byte of an evidence pack the way someone editing it by hand would, keeping the ZIP and the JSON valid.</summary>
public static class PackTampering
{
    public static string Entry(byte[] pack, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(pack), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Changes one digit inside the data of the event on line <paramref name="lineIndex"/>; returns the pack and the message naming that event.</summary>
    public static (byte[] Pack, string Expected) ChangeEventData(byte[] pack, int lineIndex)
    {
        var lines = Entry(pack, "events.jsonl").Split('\n');
        var line = lines[lineIndex];
        using var parsed = JsonDocument.Parse(line);
        var root = parsed.RootElement;
        var expected = $"event {root.GetProperty("eventId").GetGuid()} (stream {root.GetProperty("stream").GetString()} revision {root.GetProperty("revision").GetInt64()}) does not hash to its recorded hash";
        var dataAt = line.IndexOf("\"data\":", StringComparison.Ordinal);
        var digitAt = line.IndexOfAny("0123456789".ToCharArray(), dataAt);
        var chars = line.ToCharArray();
        chars[digitAt] = chars[digitAt] == '9' ? '8' : (char)(chars[digitAt] + 1);
        lines[lineIndex] = new string(chars);
        return (Replace(pack, "events.jsonl", string.Join('\n', lines)), expected);
    }

    /// <summary>Changes the first digit of a file (e.g. a quantity in a CSV).</summary>
    public static byte[] ChangeFile(byte[] pack, string name)
    {
        var chars = Entry(pack, name).ToCharArray();
        var at = Array.FindIndex(chars, char.IsAsciiDigit);
        chars[at] = chars[at] == '9' ? '8' : (char)(chars[at] + 1);
        return Replace(pack, name, new string(chars));
    }

    public static byte[] Replace(byte[] pack, string name, string content)
    {
        var copy = new MemoryStream();
        copy.Write(pack);
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(content);
        }

        return copy.ToArray();
    }
}
