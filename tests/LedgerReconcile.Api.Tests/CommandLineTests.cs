using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LedgerReconcile.Api.Tests;

/// <summary>The <c>ledger</c> executable as an operator runs it, on its default SQLite file in a fresh folder.</summary>
public sealed partial class CommandLineTests
{
    [Fact]
    public async Task ServeDemoPrintsTheSwaggerUrlAndKeysThatWorkOverHttp()
    {
        await using var server = await LedgerProcess.StartAsync("serve --demo", readyWithin: TimeSpan.FromMinutes(3));
        var keys = await server.WaitForOutputAsync(KeysPattern(), TimeSpan.FromMinutes(2));
        Assert.Contains($"Swagger UI: {server.BaseUrl}/swagger", server.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(server.Folder, "data", "ledger.db")), "The demo runs on the default SQLite file ./data/ledger.db.");

        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        HttpRequestMessage As(string key, HttpMethod method, string path, object? body = null)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Add("X-Api-Key", key);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            return request;
        }

        var (admin, finance, auditor) = (keys.Groups["admin"].Value, keys.Groups["finance"].Value, keys.Groups["auditor"].Value);
        string[] psas = ["Autotask", "ConnectWise", "HaloPsa", "Syncro"];
        Assert.All(psas, psa => Assert.Matches($@"{psa} simulator:\s+http://127\.0\.0\.1:\d+/", server.Output));

        // The demo's customers are spread over the four PSAs; each PSA got automatic proposals, approved and written back.
        var writtenBack = await Expect.JsonAsync<JsonElement>(await http.SendAsync(As(finance, HttpMethod.Get, "/api/proposals?status=Written")));
        Assert.Equal(psas, writtenBack.EnumerateArray().Select(p => p.GetProperty("psa").GetString()!).Distinct().Order(StringComparer.Ordinal));
        var rejected = await Expect.JsonAsync<JsonElement>(await http.SendAsync(As(finance, HttpMethod.Get, "/api/proposals?status=Rejected")));
        Assert.Equal(1, rejected.GetArrayLength());
        var unmapped = await Expect.JsonAsync<JsonElement>(await http.SendAsync(As(finance, HttpMethod.Get, "/api/unmapped")));
        Assert.Equal(2, unmapped.GetArrayLength());
        var customer = unmapped[0].GetProperty("customerKey").GetString()!;

        var read = await http.SendAsync(As(finance, HttpMethod.Get, $"/api/customers/{customer}"));
        await Expect.StatusAsync(read, 200);
        var map = As(finance, HttpMethod.Put, $"/api/customers/{customer}/account",
            new { organizationId = long.Parse(customer[4..]), dattoOrganizationName = "Demo", psaKind = "ConnectWise", psaCompanyId = "20199", psaCompanyName = "Demo", agreementId = "999" });
        map.Headers.IfMatch.Add(read.Headers.ETag!);
        await Expect.StatusAsync(await http.SendAsync(map), 200);
        await Expect.ProblemAsync(await http.SendAsync(As(auditor, HttpMethod.Put, $"/api/customers/{customer}/account", new { })), 403);

        var discrepancies = await Expect.JsonAsync<JsonElement>(await http.SendAsync(As(finance, HttpMethod.Get, "/api/discrepancies")));
        Assert.NotEqual(0, discrepancies.GetArrayLength());
        var feed = await Expect.JsonAsync<JsonElement>(await http.SendAsync(As(auditor, HttpMethod.Get, "/api/events?limit=1000")));
        Assert.Contains(feed.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "customer.psa_write_confirmed.v1");

        // The audit history shows each write with its approval, from, to and outcome.
        var requested = feed.GetProperty("events").EnumerateArray().First(e => e.GetProperty("type").GetString() == "customer.psa_write_requested.v1");
        var written = requested.GetProperty("stream").GetString()!;
        var writtenCustomer = written[(written.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var (from, to) = (requested.GetProperty("data").GetProperty("from").GetDecimal(), requested.GetProperty("data").GetProperty("to").GetDecimal());
        var history = await Expect.JsonAsync<JsonElement>(await http.SendAsync(As(auditor, HttpMethod.Get, $"/api/customers/{writtenCustomer}/history?limit=500")));
        var entries = history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("what").GetString()!).ToList();
        // A bulk approval always carries its effective date: "Proposal approved, effective YYYY-MM-DD."
        var approval = entries.FindIndex(w => w.StartsWith("Proposal approved, effective ", StringComparison.Ordinal));
        var request = entries.FindIndex(w => w.StartsWith("Write to PSA line", StringComparison.Ordinal)
            && w.Contains($"requested: {from:0.##} to {to:0.##}", StringComparison.Ordinal)
            && w.Contains("approved by ", StringComparison.Ordinal));
        var outcome = entries.FindIndex(w => w.Contains($"now reads {to:0.##}.", StringComparison.Ordinal));
        Assert.True(approval >= 0 && request > approval && outcome > request, "History: " + string.Join(" | ", entries));
        Assert.True((await Expect.JsonAsync<JsonElement>(await http.SendAsync(As(admin, HttpMethod.Get, "/api/verify")))).GetProperty("intact").GetBoolean());
        Assert.True((await Expect.JsonAsync<JsonElement>(await http.SendAsync(As(admin, HttpMethod.Post, "/api/integrations/datto/test")))).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task VerifyExitsNonZeroAndNamesTheBrokenLinkOnATamperedStore()
    {
        var folder = await LedgerProcess.FolderWithExampleAsync();
        var intact = await LedgerProcess.RunAsync("verify", folder);
        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("intact", intact.Output, StringComparison.Ordinal);

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "data", "ledger.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "DROP TRIGGER events_no_update; UPDATE events SET data = CAST(replace(CAST(data AS TEXT), 'DC01', 'DC02') AS BLOB) WHERE position = 1;";
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var broken = await LedgerProcess.RunAsync("verify", folder);

        Assert.Equal(1, broken.ExitCode);
        var error = Assert.Single(broken.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ledger: hash chain broken at stream 'customer-acme.org-4100' revision 0 (position 1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"snapshotId\": \"s1\", ", 1, "not valid JSON")]
    [InlineData("[{ \"snapshotId\": \"\", \"observedAt\": \"2026-11-01T00:00:00Z\", \"organizationId\": 5, \"devices\": [], \"assets\": [] }]", 1, "is not valid")]
    [InlineData("42", 1, "expected a snapshot document")]
    public async Task ImportRejectsABadFileWithOneLineAndRecordsNothing(string content, int exitCode, string says)
    {
        var folder = LedgerProcess.NewFolder();
        var good = Path.Combine(folder, "good.json");
        var bad = Path.Combine(folder, "bad.json");
        await File.WriteAllTextAsync(good, JsonSerializer.Serialize(new[] { SnapshotDocument.Example }, LedgerHost.Json));
        // A valid document first: a file is all or nothing.
        await File.WriteAllTextAsync(bad, content.StartsWith('[') ? content.Insert(1, JsonSerializer.Serialize(SnapshotDocument.Example with { SnapshotId = "first" }, LedgerHost.Json) + ",") : content);
        Assert.Equal(0, (await LedgerProcess.RunAsync($"import {good} --tenant acme", folder)).ExitCode);
        var before = await LedgerProcess.RunAsync("verify", folder);

        var result = await LedgerProcess.RunAsync($"import {bad} --tenant acme", folder);

        Assert.Equal(exitCode, result.ExitCode);
        var error = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(says, error, StringComparison.Ordinal);
        Assert.StartsWith("ledger: ", error, StringComparison.Ordinal);
        Assert.Equal(EventsChecked(before.Output), EventsChecked((await LedgerProcess.RunAsync("verify", folder)).Output));
    }

    [Fact]
    public async Task MistakesInTheCallExitWith2()
    {
        var folder = LedgerProcess.NewFolder();

        var noTenant = await LedgerProcess.RunAsync("import snapshot.json", folder);
        var unknown = await LedgerProcess.RunAsync("reconcile-everything", folder);
        var badRole = await LedgerProcess.RunAsync("keys create --tenant acme --role owner", folder);

        Assert.Equal((2, 2, 2), (noTenant.ExitCode, unknown.ExitCode, badRole.ExitCode));
        Assert.Contains("--tenant is required", noTenant.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "data", "ledger.db")), "A wrong call opens no store.");
    }

    [Fact]
    public async Task KeysExportAndHistoryWorkOnTheStore()
    {
        var folder = await LedgerProcess.FolderWithExampleAsync();

        var created = await LedgerProcess.RunAsync("keys create --tenant acme --role auditor --label Auditor", folder);
        Assert.Equal(0, created.ExitCode);
        var key = created.Output.Trim();
        Assert.Matches("^lr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", key);
        var listed = await LedgerProcess.RunAsync("keys list --tenant acme", folder);
        Assert.Contains(key.Split('_')[1], listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await LedgerProcess.RunAsync($"keys revoke --tenant acme --key {key.Split('_')[1]}", folder)).ExitCode);
        Assert.Contains("revoked", (await LedgerProcess.RunAsync("keys list --tenant acme", folder)).Output, StringComparison.Ordinal);

        var export = await LedgerProcess.RunAsync($"export --tenant acme --out {folder}", folder);
        Assert.Equal(0, export.ExitCode);
        var csv = await File.ReadAllLinesAsync(Path.Combine(folder, "billable-acme.csv"));
        Assert.StartsWith("customer_key,customer_name,service", csv[0], StringComparison.Ordinal);
        Assert.Contains(csv, l => l.StartsWith("org-4100,", StringComparison.Ordinal) && l.Contains(",PerAgent,", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(folder, "discrepancies-acme.csv")));

        var history = await LedgerProcess.RunAsync("history --tenant acme --customer org-4100", folder);
        Assert.Equal(0, history.ExitCode);
        Assert.Contains("customer.usage_snapshot_recorded.v1", history.Output, StringComparison.Ordinal);

        var rebuild = await LedgerProcess.RunAsync("rebuild", folder);
        Assert.Equal(0, rebuild.ExitCode);
        Assert.Contains("Rebuilt 'billing'", rebuild.Output, StringComparison.Ordinal);
    }

    private static long EventsChecked(string verifyOutput) =>
        long.Parse(EventsPattern().Match(verifyOutput).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"admin\s+(?<admin>lr_\S+)\s+finance\s+(?<finance>lr_\S+)\s+auditor\s+(?<auditor>lr_\S+)")]
    private static partial Regex KeysPattern();

    [GeneratedRegex(@"intact: ([\d,]+) events")]
    private static partial Regex EventsPattern();
}
