using LedgerReconcile.Application;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Security;
using LedgerReconcile.Application.ApiKeys;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Running;
using LedgerReconcile.Testing;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LedgerReconcile.Api.Tests.Infrastructure;

/// <summary>
/// The real API (<c>Program</c>) on a real store: a fresh SQLite file or a fresh PostgreSQL database per fixture.
/// Tests of one class share it and keep apart by using their own tenants; every log line is captured.
/// </summary>
public abstract class LedgerHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ledger-api-tests", Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _shared = new(StringComparer.Ordinal);
    private int _tenants;

    public abstract string StoreName { get; }

    public CapturedLogs Logs { get; } = new();

    public string DataProtectionFolder => Path.Combine(_folder, "keys");

    protected string Folder => _folder;

    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    private IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Settings => _settings;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _settings = await StoreSettingsAsync();
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Ledger:DataProtectionKeys", DataProtectionFolder);
        builder.UseSetting("Ledger:Workers", "false");
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Debug);
        });
    }

    /// <summary>Set-up made once per host and shared by the tests of a class (which run one at a time).</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> create)
        where T : class =>
        (T)await _shared.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await create())).Value;

    /// <summary>A tenant id no other test uses.</summary>
    public string NewTenant(string hint = "t") => $"{hint}-{Interlocked.Increment(ref _tenants)}-{Guid.NewGuid().ToString("N")[..6]}";

    public IEventStore Store => Services.GetRequiredService<IEventStore>();

    public Task<long> HeadAsync() => Store.ReadHeadPositionAsync();

    public async Task<string> KeyAsync(string tenant, string role) =>
        (await Services.GetRequiredService<ApiKeyRegistry>().IssueAsync(tenant, role, $"test {role}", "tests", CancellationToken.None)).Plaintext;

    public HttpClient Client(string? key = null)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Keys of every role for a new tenant.</summary>
    public async Task<TenantKeys> TenantAsync(string hint = "t")
    {
        var tenant = NewTenant(hint);
        return new TenantKeys(
            tenant,
            Client(await KeyAsync(tenant, Roles.Admin)),
            Client(await KeyAsync(tenant, Roles.Finance)),
            Client(await KeyAsync(tenant, Roles.Auditor)));
    }

    /// <summary>Ingests the example snapshot for organization <paramref name="organizationId"/> through the API.</summary>
    public static async Task<string> IngestAsync(TenantKeys tenant, long organizationId, string? organizationName = null, DateTimeOffset? observedAt = null)
    {
        var document = SnapshotDocument.Example with
        {
            SnapshotId = $"snap-{organizationId}-{Guid.NewGuid():N}",
            OrganizationId = organizationId,
            OrganizationName = organizationName ?? SnapshotDocument.Example.OrganizationName,
            ObservedAt = observedAt ?? DateTimeOffset.UtcNow.AddMinutes(-5),
        };
        var response = await tenant.Admin.PostAsJsonAsync("/api/snapshots", document, Json);
        await Expect.StatusAsync(response, 200);
        return $"org-{organizationId}";
    }

    /// <summary>What the PSA sync would record: the PSA line bills <paramref name="quantity"/>.</summary>
    public async Task ObservePsaAsync(string tenant, string customer, string psaLineId, decimal quantity)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ObservePsaQuantity(
            new CommandContext(tenant, "system:psa-sync", "test", Guid.CreateVersion7()), customer, psaLineId, quantity, DateTimeOffset.UtcNow));
    }

    /// <summary>
    /// Maps the customer to ConnectWise company 19300, agreement 802, and its agents to <paramref name="agentLine"/> at
    /// 12.50 USD each; the PSA line is seen billing none.
    /// </summary>
    public async Task MapAgentLineAsync(TenantKeys t, string customer, long organizationId, string organizationName, string agentLine)
    {
        var c = $"/api/customers/{customer}";
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/account", new { organizationId, dattoOrganizationName = organizationName, psaKind = "ConnectWise", psaCompanyId = "19300", psaCompanyName = "Harbor Dental", agreementId = "802" }), 200);
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/services/PerAgent", new
        {
            psaLineId = agentLine,
            unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0, minimum = 0 },
            unitPrice = new { amount = 12.5m, currency = "USD" },
        }), 200);
        await ObservePsaAsync(t.Tenant, customer, agentLine, 0);
    }

    /// <summary>Waits until the read models have applied everything committed so far.</summary>
    public async Task CatchUpAsync()
    {
        var head = await HeadAsync();
        Assert.True(
            await Services.GetRequiredService<ProjectionStatusReader>().WaitForPositionAsync(BillingProjection.ProjectionName, head, TimeSpan.FromSeconds(60)),
            $"The read models did not reach position {head}.");
    }
}

public sealed record TenantKeys(string Tenant, HttpClient Admin, HttpClient Finance, HttpClient Auditor)
{
    public HttpClient As(string role) => role switch
    {
        Roles.Admin => Admin,
        Roles.Finance => Finance,
        _ => Auditor,
    };
}

public class SqliteHost : LedgerHost
{
    public override string StoreName => "SQLite";

    public string DatabasePath => Path.Combine(Folder, "ledger.db");

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Ledger:Sqlite"] = DatabasePath });
}

public class PostgresHost : LedgerHost
{
    private string? _connectionString;

    public override string StoreName => "PostgreSQL";

    protected override async Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync()
    {
        _connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("api");
        return new Dictionary<string, string> { ["Ledger:Postgres"] = _connectionString };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_connectionString is not null)
        {
            await (await PostgresCluster.SharedAsync()).DropDatabaseAsync(_connectionString);
        }
    }
}

/// <summary>Every log line of the host, with its scopes, as text.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            owner._scopes.ForEachScope(
                (scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        list.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
                    }
                    else
                    {
                        list.Add(scope?.ToString() ?? "");
                    }
                },
                scopes);
            var structured = state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(" ", values.Select(v => $"{v.Key}={v.Value}")) : "";
            owner._lines.Enqueue($"{logLevel} {category} [{string.Join(" ", scopes)}] {formatter(state, exception)} {structured} {exception}");
        }
    }
}
