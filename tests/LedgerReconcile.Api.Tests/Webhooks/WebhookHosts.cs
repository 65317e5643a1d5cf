using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using LedgerReconcile.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace LedgerReconcile.Api.Tests.Webhooks;

/// <summary>The API on SQLite with a clock the test moves, so that a day of retries passes in a moment.</summary>
public sealed class WebhookSqliteHost : SqliteHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>The API on PostgreSQL with a clock the test moves.</summary>
public sealed class WebhookPostgresHost : PostgresHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
