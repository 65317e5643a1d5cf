using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LedgerReconcile.Api.Tests.Infrastructure;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace LedgerReconcile.Api.Tests.Properties;

/// <summary>
/// Random mutations of valid write requests, sent over HTTP to the real API: the answer is a 2xx or a 4xx problem,
/// never a 5xx; the store head moves exactly as far as the answer says it appended; what was appended still reads and
/// holds only values the ledger's vocabulary allows. Each case runs on a customer of its own.
/// Set LEDGER_FUZZ_SEED (and LEDGER_FUZZ_CASES for more cases) to explore further; a failure prints the seed and the
/// shrunk mutations, and the same seed replays the same cases.
/// </summary>
public abstract class MutatedRequestProperties(LedgerHost host, ITestOutputHelper output)
{
    private const ulong DefaultSeed = 20261207;
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    /// <summary>The API limits each key to a burst of 200 requests; a case makes up to 10, so keys are renewed in time.</summary>
    private const int CasesPerTenant = 15;

    private long _organizations = 50_000;
    private int _cases;
    private TenantKeys? _tenant;
    private readonly SortedDictionary<string, int> _answers = new(StringComparer.Ordinal);

    /// <summary>Cases per command; each case costs a few requests, so the suite stays fast on both stores.</summary>
    protected abstract int CasesPerCommand { get; }

    [Theory]
    [MemberData(nameof(FuzzedCommands.Names), MemberType = typeof(FuzzedCommands))]
    public async Task AMutatedRequestIsRefusedOrRecordedAsItSaysAndNeverBreaksTheLedger(string name)
    {
        var command = FuzzedCommands.Named(name);
        var seed = SeedFor(name);
        var cases = int.TryParse(Environment.GetEnvironmentVariable("LEDGER_FUZZ_CASES"), out var asked) ? asked : CasesPerCommand;
        output.WriteLine($"{name} on {host.StoreName}: {cases} cases, LEDGER_FUZZ_SEED={BaseSeed} (replay seed {seed})");

        // The unmutated request is recorded: otherwise every case would be refused for a reason of its own set-up.
        var tenant = await TenantAsync();
        var valid = await command.ArrangeAsync(tenant, NextOrganization());
        var outcome = await SendAsync(command, tenant, valid, new MutatedBody([]));
        Assert.True(outcome.Changed, $"The valid {name} request records something: {outcome.Describe()}");

        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, Gamma), FSharpOption<int>.None)));
        var property = Prop.ForAll(MutatedBody.Of(valid.ValidBody), body =>
        {
            var keys = TenantAsync().GetAwaiter().GetResult();
            var target = command.ArrangeAsync(keys, NextOrganization()).GetAwaiter().GetResult();
            SendAsync(command, keys, target, body).GetAwaiter().GetResult();
        });

        // Off xunit's synchronisation context: a case blocks on its requests while FsCheck drives the loop.
        await Task.Run(() => Check.One(config, property));
        output.WriteLine($"Answers: {string.Join(", ", _answers.Select(a => $"{a.Key} {a.Value}"))}");
    }

    [Theory]
    [MemberData(nameof(FoundCounterexamples.Cases), MemberType = typeof(FoundCounterexamples))]
    public async Task ACounterexampleOnceFoundStaysFixed(string name, int index)
    {
        var command = FuzzedCommands.Named(name);
        var tenant = await TenantAsync();
        var target = await command.ArrangeAsync(tenant, NextOrganization());

        await SendAsync(command, tenant, target, FoundCounterexamples.Case(index));
    }

    private static ulong BaseSeed =>
        ulong.TryParse(Environment.GetEnvironmentVariable("LEDGER_FUZZ_SEED"), out var seed) ? seed : DefaultSeed;

    /// <summary>A seed of its own per command (FNV-1a of the name, which string.GetHashCode is not: it changes per run).</summary>
    private static ulong SeedFor(string name) =>
        name.Aggregate(BaseSeed ^ 14695981039346656037UL, (hash, c) => (hash ^ c) * 1099511628211UL);

    private long NextOrganization() => Interlocked.Increment(ref _organizations);

    private async Task<TenantKeys> TenantAsync() =>
        _tenant is null || ++_cases % CasesPerTenant == 0 ? _tenant = await host.TenantAsync("fuzz") : _tenant;

    private async Task<Outcome> SendAsync(FuzzedCommand command, TenantKeys tenant, FuzzTarget target, MutatedBody mutations)
    {
        var sent = mutations.Apply(target.ValidBody);
        var request = new HttpRequestMessage(command.Method, target.Path);
        if (sent is not null)
        {
            request.Content = new StringContent(sent, Encoding.UTF8, "application/json");
        }

        var client = target.CustomerKey is null ? tenant.Admin : tenant.Finance;
        var head = await host.HeadAsync();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (Exception dropped) when (dropped is HttpRequestException or IOException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"{command.Name} [{mutations}] dropped the connection: {dropped.Message}\nsent: {MutatedBody.Readable(sent)}");
        }

        var outcome = new Outcome(command.Name, mutations, sent, response, await response.Content.ReadAsStringAsync(), head, await host.HeadAsync());
        outcome.Check();
        var answer = outcome.Changed ? "recorded" : outcome.Status < 300 ? "no-op" : outcome.Status.ToString(CultureInfo.InvariantCulture);
        _answers[answer] = _answers.GetValueOrDefault(answer) + 1;
        outcome.Require(outcome.Status >= 400 || !LeavesOutARequiredValue(command, mutations), "A required value left out or sent as null is refused, never read as 0, false or empty.");
        if (outcome.Changed)
        {
            await LedgerStillReadsAsync(tenant, outcome, target.CustomerKey ?? outcome.Answer.GetProperty("customerKey").GetString()!);
        }

        return outcome;
    }

    /// <summary>Only a single mutation is judged: with several, a later one may act on what an earlier one removed.</summary>
    private static bool LeavesOutARequiredValue(FuzzedCommand command, MutatedBody mutations) =>
        mutations.Mutations is [{ Kind: MutationKind.Drop or MutationKind.SetNull } only]
        && !(only.Kind == MutationKind.Drop && only.Path.EndsWith(']'))
        && RequiredFields.IsRequired(command.RequestType, only.Path);

    /// <summary>After an append, the customer, its billable state, history and chain still read, and what was stored is valid.</summary>
    private static async Task LedgerStillReadsAsync(TenantKeys tenant, Outcome outcome, string customer)
    {
        var c = $"/api/customers/{customer}";
        foreach (var read in new[] { c, $"{c}/billable", $"{c}/history", $"{c}/verify" })
        {
            var response = await tenant.Auditor.GetAsync(read);
            outcome.Require((int)response.StatusCode == 200, $"GET {read} answers {(int)response.StatusCode} after the append: {await response.Content.ReadAsStringAsync()}");
            if (read.EndsWith("/verify", StringComparison.Ordinal))
            {
                outcome.Require((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intact").GetBoolean(), "The customer's hash chain is intact.");
            }
        }

        var revision = outcome.Answer.GetProperty("revision").GetInt64();
        var from = revision - outcome.Appended.Count + 1;
        var events = await Expect.JsonAsync<JsonElement>(await tenant.Auditor.GetAsync($"{c}/events?from={from}"));
        var now = DateTimeOffset.UtcNow;
        var stored = events.GetProperty("events").EnumerateArray().ToList();
        outcome.Require(stored.Count == outcome.Appended.Count, $"The stream holds the {outcome.Appended.Count} appended events from revision {from}.");
        var violations = stored.SelectMany(e => StoredValues.Violations(e.GetProperty("data"), now).Select(v => $"{e.GetProperty("type").GetString()}: {v}")).ToList();
        outcome.Require(violations.Count == 0, $"An accepted request stored values the vocabulary refuses:\n  {string.Join("\n  ", violations)}");
    }

    /// <summary>One answer, checked against the store head before and after.</summary>
    private sealed record Outcome(string Command, MutatedBody Mutations, string? Sent, HttpResponseMessage Response, string Body, long HeadBefore, long HeadAfter)
    {
        public int Status => (int)Response.StatusCode;

        public JsonElement Answer { get; } = TryParse(Body);

        public IReadOnlyList<string> Appended =>
            Answer.ValueKind == JsonValueKind.Object && Answer.TryGetProperty("appended", out var appended)
                ? appended.EnumerateArray().Select(a => a.GetString()!).ToList()
                : [];

        public bool Changed => Status is >= 200 and < 300 && Appended.Count > 0;

        public void Check()
        {
            Require(Status is >= 200 and < 300 or >= 400 and < 500, "The answer is a 2xx or a 4xx.");
            Require(Status != 429, "The case ran: keys are renewed before the rate limit refuses them.");
            if (Status >= 400)
            {
                Require(Response.Content.Headers.ContentType?.MediaType == "application/problem+json", "A refusal is an application/problem+json body.");
                Require(Answer.ValueKind == JsonValueKind.Object && Answer.TryGetProperty("status", out var status) && status.GetInt32() == Status,
                    "The problem names its status.");
                Require(HeadAfter == HeadBefore, $"A refusal appends nothing, but the head moved from {HeadBefore} to {HeadAfter}.");
                Require(!Body.Contains("System.", StringComparison.Ordinal) && !Body.Contains("LedgerReconcile.", StringComparison.Ordinal),
                    "A refusal speaks the ledger's words, without .NET type names.");
                return;
            }

            var changed = Answer.ValueKind == JsonValueKind.Object && Answer.TryGetProperty("changed", out var flag) ? flag.GetBoolean() : (bool?)null;
            Require(changed is not null, "A 2xx says whether anything changed.");
            Require(changed == Appended.Count > 0, "'changed' agrees with 'appended'.");
            Require(HeadAfter - HeadBefore == Appended.Count, $"The head moves by the {Appended.Count} events the answer lists; it moved from {HeadBefore} to {HeadAfter}.");
            Require(Appended.Count > 0 || Command == "IngestSnapshot" || Answer.TryGetProperty("note", out _), "A no-op says so in a note.");
            if (Answer.TryGetProperty("revision", out var revision) && revision.ValueKind == JsonValueKind.Number)
            {
                Require(Response.Headers.ETag?.Tag == $"\"{revision.GetInt64()}\"", "The ETag is the revision the answer names.");
            }
        }

        public void Require(bool holds, string expectation)
        {
            if (!holds)
            {
                throw new Xunit.Sdk.XunitException($"{expectation}\n{Describe()}");
            }
        }

        public string Describe() =>
            $"{Command} [{Mutations}]\nsent: {MutatedBody.Readable(Sent)}\nanswer: {Status} {MutatedBody.Readable(Body)}";

        private static JsonElement TryParse(string body)
        {
            try
            {
                return JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException)
            {
                return default;
            }
        }
    }
}

public sealed class SqliteMutatedRequestProperties(SqliteHost host, ITestOutputHelper output)
    : MutatedRequestProperties(host, output), IClassFixture<SqliteHost>
{
    protected override int CasesPerCommand => 100;
}

public sealed class PostgresMutatedRequestProperties(PostgresHost host, ITestOutputHelper output)
    : MutatedRequestProperties(host, output), IClassFixture<PostgresHost>
{
    protected override int CasesPerCommand => 10;
}
