using System.Net.Http.Json;
using System.Text;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary>Credentials are write-only: after setting them, no event, log line or response holds the secret.</summary>
public abstract class SecretTests(LedgerHost host)
{
    [Fact]
    public async Task ASecretSetThroughTheApiAppearsInNoEventLogOrResponse()
    {
        var secret = $"S3cret-{Guid.NewGuid():N}";
        var psaSecret = $"Pr1vate-{Guid.NewGuid():N}";
        var t = await host.TenantAsync("secret");
        var responses = new List<string>();
        async Task<HttpResponseMessage> Keep(HttpResponseMessage response)
        {
            responses.Add(response.Headers + "\n" + response.Content.Headers + "\n" + await response.Content.ReadAsStringAsync());
            return response;
        }

        await Expect.StatusAsync(await Keep(await t.Admin.PutAsJsonAsync("/api/integrations/datto/credentials",
            new { publicKey = "pub-key", secretKey = secret, baseAddress = "http://127.0.0.1:9/v1/" })), 200);
        await Expect.StatusAsync(await Keep(await t.Admin.PutAsJsonAsync("/api/integrations/connectwise/credentials",
            new { baseAddress = "http://127.0.0.1:9/v4_6_release/apis/3.0/", companyId = "msp", publicKey = "pub", privateKey = psaSecret, clientId = "c" })), 200);
        await Keep(await t.Admin.GetAsync("/api/integrations/datto/credentials"));
        await Keep(await t.Admin.GetAsync("/api/integrations/connectwise/credentials"));
        await Keep(await t.Admin.PostAsync("/api/integrations/datto/test", null));
        await Keep(await t.Admin.PostAsync("/api/integrations/connectwise/test", null));
        await Keep(await t.Admin.PostAsync("/api/integrations/datto/sync", null));
        await Keep(await t.Auditor.GetAsync("/api/events?limit=1000"));
        await Keep(await t.Auditor.GetAsync("/api/sync-runs"));
        await Keep(await t.Admin.PutAsJsonAsync("/api/integrations/datto/credentials", new { publicKey = "pub-key", secretKey = secret, nonsense = secret }));

        var events = new List<byte[]>();
        await foreach (var e in host.Store.ReadAllAsync(0))
        {
            events.Add(e.Data.ToArray());
            events.Add(Encoding.UTF8.GetBytes(e.Metadata.ToString()));
        }

        Assert.Contains(events, e => Encoding.UTF8.GetString(e).Contains("credentials_changed", StringComparison.Ordinal) || Encoding.UTF8.GetString(e).Contains("hmac-sha256:", StringComparison.Ordinal));
        foreach (var value in new[] { secret, psaSecret })
        {
            var needle = Encoding.UTF8.GetBytes(value);
            Assert.DoesNotContain(events, e => e.AsSpan().IndexOf(needle) >= 0);
            Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(value, StringComparison.Ordinal));
            Assert.DoesNotContain(responses, r => r.Contains(value, StringComparison.Ordinal));
        }

        Assert.NotEmpty(host.Logs.Lines);
        Assert.Equal(10, responses.Count);
    }
}

public sealed class SqliteSecretTests(SqliteHost host) : SecretTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresSecretTests(PostgresHost host) : SecretTests(host), IClassFixture<PostgresHost>;
