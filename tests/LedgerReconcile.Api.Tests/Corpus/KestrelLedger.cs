using System.Net.Http.Json;
using System.Net.Sockets;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;
using System.Text;
using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.Application.ApiKeys;
using LedgerReconcile.EventStore;
using LedgerReconcile.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Api.Tests.Corpus;

/// <summary>
/// The real wiring behind real Kestrel on a loopback port, for what the in-memory test server cannot show: how the
/// server answers bytes it refuses to parse. Requests are written raw, byte for byte.
/// </summary>
public sealed class KestrelLedger : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ledger-kestrel-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public string FinanceKey { get; private set; } = "";

    /// <summary>A customer of the key's tenant, so that a valid write to it would append.</summary>
    public const string Customer = "org-4100";

    public IEventStore Store => _app!.Services.GetRequiredService<IEventStore>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _app = LedgerComposition.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Ledger:Sqlite={Path.Combine(_folder, "ledger.db")}",
            $"--Ledger:DataProtectionKeys={Path.Combine(_folder, "keys")}",
            "--Ledger:Workers=false",
        ]);
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var keys = _app.Services.GetRequiredService<ApiKeyRegistry>();
        FinanceKey = (await keys.IssueAsync("kestrel", Roles.Finance, "tests", "tests", CancellationToken.None)).Plaintext;
        using var admin = new HttpClient { BaseAddress = Address };
        admin.DefaultRequestHeaders.Add("X-Api-Key", (await keys.IssueAsync("kestrel", Roles.Admin, "tests", "tests", CancellationToken.None)).Plaintext);
        var snapshot = SnapshotDocument.Example with { SnapshotId = "kestrel-1", ObservedAt = DateTimeOffset.UtcNow.AddMinutes(-5) };
        (await admin.PostAsJsonAsync("/api/snapshots", snapshot, LedgerHost.Json)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Sends <paramref name="head"/> (request line and headers, without the blank line) and reads until the server closes or goes quiet.</summary>
    public async Task<RawResponse> SendAsync(byte[] head, byte[]? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Address.Host, Address.Port);
        var stream = client.GetStream();
        try
        {
            // One write: Kestrel may answer and close as soon as a limit is crossed, before a later write would land.
            byte[] request = [.. head, .. "\r\n"u8, .. body ?? []];
            await stream.WriteAsync(request);
        }
        catch (IOException)
        {
            // The server closed while the request was still going out; its answer may already be waiting to be read.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var closed = false;
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, quiet.Token);
                if (read == 0)
                {
                    closed = true;
                    break;
                }

                received.Write(buffer, 0, read);
                if (RawResponse.IsComplete(received.ToArray()))
                {
                    // Give the server a moment to close, if it is going to.
                    quiet.CancelAfter(TimeSpan.FromMilliseconds(500));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            closed = true;
        }

        return RawResponse.Parse(received.ToArray(), closed);
    }

    public static byte[] Head(string requestLineAndHeaders) => Encoding.Latin1.GetBytes(requestLineAndHeaders.ReplaceLineEndings("\r\n") + "\r\n");
}

/// <summary>What came back on the wire: the status, the headers, the body and whether the server closed the connection.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body, bool Closed)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type");

    public static bool IsComplete(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var length = Parse(bytes, false).Headers.GetValueOrDefault("content-length");
        return length is null ? text.EndsWith("0\r\n\r\n", StringComparison.Ordinal) : text.Length - end - 4 >= int.Parse(length);
    }

    public static RawResponse Parse(byte[] bytes, bool closed)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = (end < 0 ? text : text[..end]).Split("\r\n");
        var status = lines[0].Split(' ') is [_, var code, ..] && int.TryParse(code, out var s) ? s : 0;
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        var body = end < 0 ? "" : text[(end + 4)..];
        return new RawResponse(status, headers, body, closed);
    }

    public override string ToString() => $"{Status} closed={Closed} content-type={ContentType} body={Body}";
}
