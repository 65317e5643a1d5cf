using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Storage;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Exports.Evidence;

/// <summary>What writing a pack produced: the counts and the digest <c>ledger verify-pack</c> prints.</summary>
public sealed record EvidencePackWritten(long Events, string EventsDigest, long Position);

/// <summary>
/// One evidence pack, cut at <see cref="Position"/>: <c>events.jsonl</c>, <c>narrative.txt</c>, the CSVs of the
/// scope and <c>manifest.json</c> last, with the SHA-256 of every other file. Every stream is included from revision 0,
/// so each event's previous hash is in the pack as well as on its line.
/// </summary>
public sealed class EvidencePack(
    IEventStore store,
    LedgerReader reader,
    EvidenceScope scope,
    long position,
    DateTimeOffset createdAt,
    IReadOnlyList<string> customers,
    IReadOnlyList<string> streams,
    IReadOnlyList<(string File, IExport Export)> csvs)
{
    public EvidenceScope Scope => scope;

    public long Position => position;

    public string FileName => scope.FileName;

    /// <summary>Writes the ZIP to <paramref name="output"/>, which stays open. The ZIP is written synchronously at its end.</summary>
    public async Task<EvidencePackWritten> WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        var files = new List<PackFile>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        (long Count, string Digest) events = (0, "");
        files.Add(await EntryAsync(zip, EvidenceManifest.EventsFile, async s => events = await WriteEventsAsync(s, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false));
        files.Add(await EntryAsync(zip, EvidenceManifest.NarrativeFile, s => WriteNarrativeAsync(s, cancellationToken)).ConfigureAwait(false));
        foreach (var (file, export) in csvs)
        {
            files.Add(await EntryAsync(zip, file, s => export.WriteAsync(s, ExportFormat.Csv, cancellationToken)).ConfigureAwait(false));
        }

        var manifest = new EvidenceManifest(
            EvidenceManifest.CurrentFormat, scope.Tenant, scope.Kind, scope.CustomerKey, scope.Month, createdAt, position,
            events.Digest, await LedgerDigestAsync(cancellationToken).ConfigureAwait(false),
            EvidenceManifest.HashAlgorithmText, EvidenceManifest.ProvesText, EvidenceManifest.DoesNotProveText,
            events.Count, streams.Count, customers, files);
        await using (var entry = zip.CreateEntry(EvidenceManifest.FileName, CompressionLevel.Optimal).Open())
        {
            await JsonSerializer.SerializeAsync(entry, manifest, EvidenceManifest.Json, cancellationToken).ConfigureAwait(false);
        }

        return new EvidencePackWritten(events.Count, events.Digest, position);
    }

    private static async Task<PackFile> EntryAsync(ZipArchive zip, string name, Func<Stream, Task> write)
    {
        await using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        await using var digesting = new DigestingStream(entry);
        await write(digesting).ConfigureAwait(false);
        return new PackFile(name, digesting.Written, digesting.Sha256());
    }

    private async Task<(long Count, string Digest)> WriteEventsAsync(Stream output, CancellationToken cancellationToken)
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>(4096);
        long count = 0;
        foreach (var stream in streams)
        {
            var previous = EventHash.Genesis.ToArray();
            await foreach (var recorded in store.ReadStreamAsync(stream, ReadDirection.Forwards, StreamRevision.Start, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (recorded.Position > position)
                {
                    break;
                }

                buffer.ResetWrittenCount();
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = EvidenceManifest.Json.Encoder }))
                {
                    EventLine.From(recorded, previous).Write(writer);
                }

                buffer.Write("\n"u8);
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                digest.AppendData(recorded.Hash);
                previous = recorded.Hash;
                count++;
            }
        }

        return (count, Convert.ToHexStringLower(digest.GetHashAndReset()));
    }

    private async Task WriteNarrativeAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var stream in streams)
        {
            if (StreamNames.TryParseCustomer(stream, out _, out _))
            {
                var state = StreamFolds.Customer.Initial;
                await foreach (var (recorded, @event) in reader.ReadAsync(StreamFolds.Customer, scope.Tenant, stream, null, cancellationToken).ConfigureAwait(false))
                {
                    if (recorded.Position > position)
                    {
                        break;
                    }

                    var before = state;
                    state = StreamFolds.Customer.Evolve(state, @event);
                    await text.WriteLineAsync(Line(recorded, Narration.Describe(@event, state.Usage?.Content ?? before.Usage?.Content), Narration.Reason(@event))).ConfigureAwait(false);
                }
            }
            else
            {
                await foreach (var (recorded, @event) in reader.ReadAsync(StreamFolds.Tenant, scope.Tenant, stream, null, cancellationToken).ConfigureAwait(false))
                {
                    if (recorded.Position > position)
                    {
                        break;
                    }

                    await text.WriteLineAsync(Line(recorded, Narration.Describe(@event), Narration.Reason(@event))).ConfigureAwait(false);
                }
            }
        }
    }

    // The same sentence and reason the audit history shows, on one line with where and when the event was recorded.
    private static string Line(RecordedEvent recorded, string narrative, string? reason) => string.Create(
        CultureInfo.InvariantCulture,
        $"{recorded.RecordedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z #{recorded.Position} {recorded.Stream}@{recorded.Revision} {recorded.Metadata.Actor}: {narrative.ReplaceLineEndings(" ")}")
        + (string.IsNullOrWhiteSpace(reason) ? "" : " Reason: " + reason.ReplaceLineEndings(" "));

    // The whole store's digest up to the cut, as `ledger verify` computes it: the one value an auditor can compare with a recorded checkpoint.
    private async Task<string> LedgerDigestAsync(CancellationToken cancellationToken)
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await foreach (var recorded in store.ReadAllAsync(0, position, cancellationToken).ConfigureAwait(false))
        {
            digest.AppendData(recorded.Hash);
        }

        return Convert.ToHexStringLower(digest.GetHashAndReset());
    }
}
