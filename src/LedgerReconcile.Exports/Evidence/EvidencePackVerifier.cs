using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using LedgerReconcile.EventStore.Storage;

namespace LedgerReconcile.Exports.Evidence;

/// <summary>What checking a pack found: the counts and digest when it holds, else the first thing that does not.</summary>
public sealed record EvidenceVerification(long Events, string EventsDigest, string? Failure)
{
    public bool Holds => Failure is null;

    public static EvidenceVerification Broken(string failure) => new(0, "", failure);
}

/// <summary>
/// Checks a pack without the ledger: every event hashes to its recorded hash from its own fields and the previous hash
/// of its stream, the events digest and count match the manifest, and every file matches its SHA-256 in the manifest.
/// Events are checked before files, so a changed event is named rather than only its file.
/// </summary>
public static class EvidencePackVerifier
{
    public static EvidenceVerification Verify(Stream pack)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(pack, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            return EvidenceVerification.Broken("not a ZIP file: not an evidence pack.");
        }

        using (zip)
        {
            try
            {
                return Verify(zip);
            }
            catch (InvalidDataException ex)
            {
                return EvidenceVerification.Broken($"the ZIP is damaged: {ex.Message}");
            }
        }
    }

    private static EvidenceVerification Verify(ZipArchive zip)
    {
        if (Read(zip, EvidenceManifest.FileName) is not { } manifestBytes)
        {
            return EvidenceVerification.Broken($"{EvidenceManifest.FileName} is missing: not an evidence pack.");
        }

        EvidenceManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<EvidenceManifest>(manifestBytes, EvidenceManifest.Json);
        }
        catch (JsonException ex)
        {
            return EvidenceVerification.Broken($"{EvidenceManifest.FileName} is not a manifest: {ex.Message}");
        }

        if (manifest is not { Files: not null })
        {
            return EvidenceVerification.Broken($"{EvidenceManifest.FileName} is not a manifest.");
        }

        if (Read(zip, EvidenceManifest.EventsFile) is not { } eventBytes)
        {
            return EvidenceVerification.Broken($"{EvidenceManifest.EventsFile} is missing.");
        }

        var events = VerifyEvents(eventBytes, manifest);
        return events.Holds ? VerifyFiles(zip, manifest) ?? events : events;
    }

    private static EvidenceVerification VerifyEvents(byte[] eventsFile, EvidenceManifest manifest)
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var lastByStream = new Dictionary<string, (long Revision, byte[] Hash)>(StringComparer.Ordinal);
        var remaining = eventsFile.AsSpan();
        long count = 0;
        while (remaining.Length > 0)
        {
            var end = remaining.IndexOf((byte)'\n');
            var line = end < 0 ? remaining : remaining[..end];
            remaining = end < 0 ? [] : remaining[(end + 1)..];
            count++;
            EventLine parsed;
            try
            {
                parsed = EventLine.Parse(line);
            }
            catch (FormatException ex)
            {
                return EvidenceVerification.Broken($"{EvidenceManifest.EventsFile} line {count} is not an event: {ex.Message}");
            }

            if (!parsed.Recompute().AsSpan().SequenceEqual(parsed.Hash))
            {
                return EvidenceVerification.Broken($"{parsed.Describe()} does not hash to its recorded hash.");
            }

            var chained = lastByStream.TryGetValue(parsed.Stream, out var last)
                ? parsed.Revision == last.Revision + 1 && parsed.PreviousHash.AsSpan().SequenceEqual(last.Hash)
                : parsed.Revision == 0 && parsed.PreviousHash.AsSpan().SequenceEqual(EventHash.Genesis);
            if (!chained)
            {
                return EvidenceVerification.Broken($"{parsed.Describe()} does not follow the event before it in its stream.");
            }

            if (parsed.Position > manifest.Position)
            {
                return EvidenceVerification.Broken($"{parsed.Describe()} is past the pack's position {manifest.Position}.");
            }

            lastByStream[parsed.Stream] = (parsed.Revision, parsed.Hash);
            digest.AppendData(parsed.Hash);
        }

        var eventsDigest = Convert.ToHexStringLower(digest.GetHashAndReset());
        if (count != manifest.Events || eventsDigest != manifest.EventsDigest)
        {
            return EvidenceVerification.Broken(
                $"{EvidenceManifest.EventsFile} holds {count} event(s) with digest {eventsDigest}; the manifest says {manifest.Events} with digest {manifest.EventsDigest}.");
        }

        return new EvidenceVerification(count, eventsDigest, null);
    }

    private static EvidenceVerification? VerifyFiles(ZipArchive zip, EvidenceManifest manifest)
    {
        foreach (var file in manifest.Files)
        {
            if (Read(zip, file.Name) is not { } bytes)
            {
                return EvidenceVerification.Broken($"file {file.Name} is listed in the manifest but missing.");
            }

            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != file.Sha256)
            {
                return EvidenceVerification.Broken($"file {file.Name} does not match its SHA-256 in the manifest.");
            }
        }

        var listed = manifest.Files.Select(f => f.Name).Append(EvidenceManifest.FileName).ToHashSet(StringComparer.Ordinal);
        return zip.Entries.FirstOrDefault(e => !listed.Contains(e.FullName)) is { } extra
            ? EvidenceVerification.Broken($"file {extra.FullName} is not in the manifest.")
            : null;
    }

    private static byte[]? Read(ZipArchive zip, string name)
    {
        if (zip.GetEntry(name) is not { } entry)
        {
            return null;
        }

        using var content = entry.Open();
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }
}
