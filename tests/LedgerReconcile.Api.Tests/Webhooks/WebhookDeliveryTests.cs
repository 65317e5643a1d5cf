using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain.Webhooks;
using LedgerReconcile.Projections.Billing;
using Microsoft.Extensions.Time.Testing;

namespace LedgerReconcile.Api.Tests.Webhooks;

/// <summary>
/// Alerts reach a real receiver on 127.0.0.1 over HTTP, signed as documented; failures are retried on a moved clock;
/// a receiver that fails for a day gets its webhook disabled; a pending delivery survives a restart.
/// </summary>
public abstract class WebhookDeliveryTests(LedgerHost host, FakeTimeProvider clock)
{
    [Fact]
    public async Task AnAlertReachesALoopbackReceiverSignedOverTheTimestampAndTheBody()
    {
        var (receiver, t, webhook) = await SubscribedReceiverAsync("hook-sign", AlertKinds.SyncFailed);
        await using var _ = receiver;
        await using var engine = AlertEngine.Start(host);

        await WebhookBed.FailSyncRunAsync(host, t.Tenant, "Datto refused the API key");
        Assert.Equal(1, await engine.PassAsync());

        var received = Assert.Single(receiver.Received);
        var timestamp = received.Headers["LedgerReconcile-Webhook-Timestamp"];
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), timestamp);
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(webhook.Secret), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. received.Body]));
        Assert.Equal(expected, received.Headers["LedgerReconcile-Webhook-Signature"]);
        Assert.NotEqual(expected, "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_wrong"), received.Body)));

        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(received.Headers["LedgerReconcile-Webhook-Id"], body.GetProperty("id").GetString());
        Assert.Equal("sync_failed", body.GetProperty("kind").GetString());
        Assert.Equal(t.Tenant, body.GetProperty("tenant").GetString());
        Assert.Equal("Datto refused the API key", body.GetProperty("data").GetProperty("reason").GetString());

        var attempt = Assert.Single((await WebhookBed.LogAsync(host, t, webhook.WebhookId)).Attempts).Attempt;
        Assert.Equal((1, 200, DeliveryOutcome.Delivered), (attempt.Attempt, attempt.StatusCode, attempt.Outcome));
        await t.Admin.DeleteAsync($"/api/webhooks/{webhook.WebhookId}");
    }

    [Fact]
    public async Task ReceiverErrorsAreRetriedWithBackoffUntilItAnswers()
    {
        var (receiver, t, webhook) = await SubscribedReceiverAsync("hook-retry", AlertKinds.SyncFailed);
        await using var _ = receiver;
        await using var engine = AlertEngine.Start(host);
        receiver.Answer(500, 500);

        await WebhookBed.FailSyncRunAsync(host, t.Tenant);
        Assert.Equal(1, await engine.PassAsync());
        Assert.Equal(0, await engine.PassAsync());
        clock.Advance(TimeSpan.FromMinutes(1.25));
        Assert.Equal(1, await engine.PassAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await engine.PassAsync());
        clock.Advance(TimeSpan.FromMinutes(1.5));
        Assert.Equal(1, await engine.PassAsync());

        Assert.Equal(["1", "2", "3"], receiver.Received.Select(r => r.Headers["LedgerReconcile-Webhook-Attempt"]));
        Assert.Single(receiver.Received.Select(r => r.Headers["LedgerReconcile-Webhook-Id"]).Distinct());
        var log = await WebhookBed.LogAsync(host, t, webhook.WebhookId);
        Assert.Equal(
            [(500, DeliveryOutcome.WillRetry), (500, DeliveryOutcome.WillRetry), (200, DeliveryOutcome.Delivered)],
            log.Attempts.Select(a => (a.Attempt.StatusCode ?? 0, a.Attempt.Outcome)));
        Assert.Contains("500", log.Attempts[0].Attempt.Error);
        await t.Admin.DeleteAsync($"/api/webhooks/{webhook.WebhookId}");
    }

    [Fact]
    public async Task AReceiverFailingForADayGetsItsWebhookDisabledWithAnAttentionItemUntilAnAdminEnablesIt()
    {
        var (receiver, t, webhook) = await SubscribedReceiverAsync("hook-off", AlertKinds.SyncFailed);
        await using var _ = receiver;
        await using var engine = AlertEngine.Start(host);
        receiver.Answer([.. Enumerable.Repeat(503, 40)]);

        await WebhookBed.FailSyncRunAsync(host, t.Tenant, "first");
        // Half-hour steps let each retry happen close to when it is due, as with a real clock.
        for (var pass = 0; pass < 80 && (await WebhookBed.WebhookAsync(t, webhook.WebhookId)).Enabled; pass++)
        {
            await engine.PassAsync();
            clock.Advance(TimeSpan.FromMinutes(30));
        }

        var disabled = await WebhookBed.WebhookAsync(t, webhook.WebhookId);
        Assert.False(disabled.Enabled);
        Assert.Contains("24 hours", disabled.DisabledReason);
        var attempts = receiver.Received.Count;
        Assert.InRange(attempts, 8, 20);
        var log = await WebhookBed.LogAsync(host, t, webhook.WebhookId);
        Assert.Equal(DeliveryOutcome.GaveUp, log.Attempts[^1].Attempt.Outcome);
        Assert.True(log.Attempts[^1].Attempt.AttemptedAt - log.Attempts[0].Attempt.AttemptedAt <= RetrySchedule.Window);
        await host.CatchUpAsync();
        var attention = await Expect.JsonAsync<List<AttentionItem>>(await t.Finance.GetAsync("/api/attention?kind=WebhookDisabled"));
        Assert.Contains(webhook.WebhookId, Assert.Single(attention).Description);

        await WebhookBed.FailSyncRunAsync(host, t.Tenant, "second");
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await engine.PassAsync());
        Assert.Equal(attempts, receiver.Received.Count);

        receiver.Received.Clear();
        receiver.AnswerOkFromNowOn();

        await Expect.StatusAsync(await t.Admin.PostAsync($"/api/webhooks/{webhook.WebhookId}/enable", null), 200);
        Assert.Equal(1, await engine.PassAsync());
        var second = Assert.Single(receiver.Received);
        Assert.Equal("second", JsonDocument.Parse(second.Body).RootElement.GetProperty("data").GetProperty("reason").GetString());
        Assert.Empty(await Expect.JsonAsync<List<AttentionItem>>(await t.Finance.GetAsync("/api/attention?kind=WebhookDisabled")));
        await t.Admin.DeleteAsync($"/api/webhooks/{webhook.WebhookId}");
    }

    [Fact]
    public async Task APendingDeliveryAndAnAlertNotYetRaisedSurviveARestart()
    {
        var (receiver, t, webhook) = await SubscribedReceiverAsync("hook-restart", AlertKinds.SyncFailed);
        await using var _ = receiver;
        receiver.Answer(500);
        await using (var before = AlertEngine.Start(host))
        {
            await WebhookBed.FailSyncRunAsync(host, t.Tenant, "before the restart");
            Assert.Equal(1, await before.PassAsync());
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        await WebhookBed.FailSyncRunAsync(host, t.Tenant, "while stopped");
        await using var after = AlertEngine.Start(host);
        for (var pass = 0; pass < 5 && receiver.Received.Count < 3; pass++)
        {
            await after.PassAsync();
        }

        Assert.Equal(
            [("before the restart", "1"), ("before the restart", "2"), ("while stopped", "1")],
            receiver.Received.Select(r => (JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("reason").GetString(), r.Headers["LedgerReconcile-Webhook-Attempt"])));
        Assert.Equal(0, await after.PassAsync());
        await t.Admin.DeleteAsync($"/api/webhooks/{webhook.WebhookId}");
    }

    [Fact]
    public async Task TheDailyDigestCountsThePreviousDaysAlertsOncePerTenant()
    {
        var (receiver, t, webhook) = await SubscribedReceiverAsync("hook-digest", AlertKinds.DailyDigest);
        await using var _ = receiver;
        await using var engine = AlertEngine.Start(host);
        await WebhookBed.FailSyncRunAsync(host, t.Tenant);
        await WebhookBed.FailSyncRunAsync(host, t.Tenant);
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        clock.Advance(TimeSpan.FromDays(1));
        for (var pass = 0; pass < 3; pass++)
        {
            await engine.PassAsync();
        }

        var digest = JsonDocument.Parse(Assert.Single(receiver.Received).Body).RootElement;
        Assert.Equal("daily_digest", digest.GetProperty("kind").GetString());
        Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), digest.GetProperty("data").GetProperty("day").GetString());
        Assert.Equal("2", digest.GetProperty("data").GetProperty("sync_failed").GetString());
        await t.Admin.DeleteAsync($"/api/webhooks/{webhook.WebhookId}");
    }

    /// <summary>A receiver on loopback and a new tenant's webhook to it (allowed as private) for <paramref name="kind"/>.</summary>
    private async Task<(LoopbackReceiver Receiver, TenantKeys Tenant, Endpoints.WebhookSecretView Webhook)> SubscribedReceiverAsync(string hint, string kind)
    {
        var receiver = await LoopbackReceiver.StartAsync();
        var tenant = await host.TenantAsync(hint);
        return (receiver, tenant, await WebhookBed.RegisterAsync(tenant, receiver.Url, [kind]));
    }
}

public sealed class SqliteWebhookDeliveryTests(WebhookSqliteHost host) : WebhookDeliveryTests(host, host.Clock), IClassFixture<WebhookSqliteHost>;

public sealed class PostgresWebhookDeliveryTests(WebhookPostgresHost host) : WebhookDeliveryTests(host, host.Clock), IClassFixture<WebhookPostgresHost>;
