using System.Net;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

public abstract class PsaReadEndpointTests(LedgerHost host)
{
    [Fact]
    public async Task APsaReadWithoutCredentialsIsAFailedRunThatSaysWhichCredentialsToSet()
    {
        var t = await host.TenantAsync("psa-read");

        var response = await t.Admin.PostAsync("/api/integrations/psa/sync", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await Expect.JsonAsync<JsonElement>(response);
        var run = Assert.Single(read.GetProperty("runs").EnumerateArray().ToList());
        Assert.Equal(("Failed", "psa"), (run.GetProperty("outcome").GetString(), run.GetProperty("source").GetString()));
        Assert.Contains("no PSA credentials", run.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("/api/integrations/", run.GetProperty("failureReason").GetString(), StringComparison.Ordinal);

        var runs = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/sync-runs"));
        var listed = Assert.Single(runs.EnumerateArray().ToList());
        Assert.Equal((run.GetProperty("runId").GetString(), "Failed"), (listed.GetProperty("runId").GetString(), listed.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Finance.PostAsync("/api/integrations/psa/sync", null)).StatusCode);
    }
}

public sealed class SqlitePsaReadEndpointTests(SqliteHost host) : PsaReadEndpointTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresPsaReadEndpointTests(PostgresHost host) : PsaReadEndpointTests(host), IClassFixture<PostgresHost>;
