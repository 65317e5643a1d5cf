using System.Net.Http.Json;
using System.Text;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Webhooks;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Api.Tests.Webhooks;

/// <summary>Admins register, change, rotate, enable and remove webhooks; bad input is a ProblemDetails and appends nothing.</summary>
public abstract class WebhookEndpointTests(LedgerHost host)
{
    private const string Public = "https://93.184.215.14/ledger";

    public static TheoryData<string, string> BadBodies() => new()
    {
        { """{"kinds":["drift"]}""", "url" },
        { """{"url":"not a url","kinds":["drift"]}""", "url" },
        { """{"url":"ftp://93.184.215.14/hook","kinds":["drift"]}""", "url" },
        { """{"url":"file:///etc/passwd","kinds":["drift"]}""", "url" },
        { """{"url":"https://user:secret@93.184.215.14/hook","kinds":["drift"]}""", "url" },
        { """{"url":"https://93.184.215.14/hook"}""", "kinds" },
        { """{"url":"https://93.184.215.14/hook","kinds":[]}""", "kinds" },
        { """{"url":"https://93.184.215.14/hook","kinds":["drift","nope"]}""", "kinds[1]" },
        { """{"url":"https://93.184.215.14/hook","kinds":["drift","drift"]}""", "kinds" },
        { """{"url":"https://93.184.215.14/hook","kinds":["discrepancy"],"minimumAmount":-1}""", "minimumAmount" },
    };

    public static TheoryData<string> PrivateUrls() =>
    [
        "http://127.0.0.1:8080/hook",
        "http://127.1.2.3/hook",
        "http://localhost/hook",
        "http://alerts.localhost/hook",
        "http://10.1.2.3/hook",
        "http://172.16.0.1/hook",
        "http://172.31.255.255/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://2130706433/hook",
        "http://[::1]/hook",
        "http://[::]/hook",
        "http://[fd00::1]/hook",
        "http://[fe80::1]/hook",
        "http://[ff02::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "http://[64:ff9b::a00:1]/hook",
        "http://[2002:c0a8:101::1]/hook",
    ];

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadRegistrationIsA400NamingTheFieldAndNothingIsAppended(string body, string field)
    {
        var t = await host.TenantAsync("hook-bad");
        var head = await host.HeadAsync();

        await Expect.ValidationAsync(await t.Admin.PostAsync("/api/webhooks", new StringContent(body, Encoding.UTF8, "application/json")), field);

        Assert.Equal(head, await host.HeadAsync());
    }

    [Theory]
    [MemberData(nameof(PrivateUrls))]
    public async Task AUrlOnALoopbackOrPrivateNetworkIsRefusedUnlessAllowed(string url)
    {
        var t = await host.TenantAsync("hook-ssrf");
        var head = await host.HeadAsync();

        var refused = await Expect.ValidationAsync(
            await t.Admin.PostAsJsonAsync("/api/webhooks", new WebhookRequest(url, [AlertKinds.Drift], null, false), LedgerHost.Json), "url");

        Assert.Contains("private", refused.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Equal(head, await host.HeadAsync());
        await WebhookBed.RegisterAsync(t, url, [AlertKinds.Drift], allowPrivate: true);
    }

    [Fact]
    public async Task ChangingAWebhookToAPrivateUrlWithoutPermissionIsRefused()
    {
        var t = await host.TenantAsync("hook-change");
        var webhook = await WebhookBed.RegisterAsync(t, Public, [AlertKinds.Drift], allowPrivate: false);
        var head = await host.HeadAsync();

        await Expect.ValidationAsync(
            await t.Admin.PutAsJsonAsync($"/api/webhooks/{webhook.WebhookId}", new WebhookRequest("http://10.0.0.8/hook", [AlertKinds.Drift], null, false), LedgerHost.Json), "url");
        await Expect.ValidationAsync(
            await t.Admin.PutAsJsonAsync($"/api/webhooks/{webhook.WebhookId}", new WebhookRequest(Public, [AlertKinds.Drift], -5m, false), LedgerHost.Json), "minimumAmount");

        Assert.Equal(head, await host.HeadAsync());
        await Expect.StatusAsync(
            await t.Admin.PutAsJsonAsync($"/api/webhooks/{webhook.WebhookId}", new WebhookRequest(Public, [AlertKinds.Discrepancy, AlertKinds.Drift], 25m, false), LedgerHost.Json), 200);
        var changed = await WebhookBed.WebhookAsync(t, webhook.WebhookId);
        Assert.Equal(["discrepancy", "drift"], changed.Kinds);
        Assert.Equal(25m, changed.MinimumAmount);
    }

    [Theory]
    [InlineData("PUT", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/secret")]
    [InlineData("POST", "/enable")]
    [InlineData("GET", "/deliveries")]
    public async Task AnUnknownWebhookIsA404AndNothingIsAppended(string method, string suffix)
    {
        var t = await host.TenantAsync("hook-404");
        var other = await host.TenantAsync("hook-404-other");
        var theirs = await WebhookBed.RegisterAsync(other, Public, [AlertKinds.Drift], allowPrivate: false);
        var head = await host.HeadAsync();

        foreach (var id in new[] { "0196a8b07c1d7e2f9a3b4c5d6e7f8091", theirs.WebhookId })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), $"/api/webhooks/{id}{suffix}")
            {
                Content = method == "PUT" ? JsonContent.Create(new WebhookRequest(Public, [AlertKinds.Drift], null, false), options: LedgerHost.Json) : null,
            };
            await Expect.ProblemAsync(await t.Admin.SendAsync(request), 404);
        }

        Assert.Equal(head, await host.HeadAsync());
    }

    [Theory]
    [InlineData("finance")]
    [InlineData("auditor")]
    public async Task OnlyAnAdminConfiguresWebhooksWhileEveryRoleReadsThem(string role)
    {
        var t = await host.TenantAsync("hook-role");
        var webhook = await WebhookBed.RegisterAsync(t, Public, [AlertKinds.Drift], allowPrivate: false);

        await Expect.ProblemAsync(await t.As(role).PostAsJsonAsync("/api/webhooks", new WebhookRequest(Public, [AlertKinds.Drift], null, true), LedgerHost.Json), 403);
        await Expect.ProblemAsync(await t.As(role).PostAsync($"/api/webhooks/{webhook.WebhookId}/secret", null), 403);
        await Expect.ProblemAsync(await t.As(role).DeleteAsync($"/api/webhooks/{webhook.WebhookId}"), 403);

        var list = await Expect.JsonAsync<WebhookListView>(await t.As(role).GetAsync("/api/webhooks"));
        Assert.Equal(AlertKinds.All, list.Kinds);
        Assert.Single(list.Webhooks);
    }

    [Fact]
    public async Task TheSecretIsShownOnceAndNeverStoredInTheLedgerAndRotatingReplacesIt()
    {
        var t = await host.TenantAsync("hook-secret");
        var webhook = await WebhookBed.RegisterAsync(t, Public, [AlertKinds.Drift], allowPrivate: false);
        Assert.StartsWith("whsec_", webhook.Secret);

        var rotated = await Expect.JsonAsync<WebhookSecretView>(await t.Admin.PostAsync($"/api/webhooks/{webhook.WebhookId}/secret", null));
        Assert.NotEqual(webhook.Secret, rotated.Secret);

        var listing = await (await t.Admin.GetAsync("/api/webhooks")).Content.ReadAsStringAsync();
        var stored = new StringBuilder();
        await foreach (var e in host.Store.ReadStreamAsync(StreamNames.Webhooks(t.Tenant), ReadDirection.Forwards, StreamRevision.Start))
        {
            stored.Append(Encoding.UTF8.GetString(e.Data.Span));
        }

        foreach (var secret in new[] { webhook.Secret, rotated.Secret, webhook.Secret[6..], rotated.Secret[6..] })
        {
            Assert.DoesNotContain(secret, listing);
            Assert.DoesNotContain(secret, stored.ToString());
        }

        Assert.Contains("webhook.secret_rotated.v1", (await host.Store.ReadStreamAsync(StreamNames.Webhooks(t.Tenant), ReadDirection.Backwards, StreamRevision.End, 1).ToListAsync())[0].Type);
    }

    [Fact]
    public async Task ARetriedRegistrationIssuesNoSecondSecret()
    {
        var t = await host.TenantAsync("hook-retry-post");
        var body = new WebhookRequest(Public, [AlertKinds.Drift], null, false);
        var first = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks") { Content = JsonContent.Create(body, options: LedgerHost.Json) };
        first.Headers.Add("Idempotency-Key", "register-once");
        await Expect.StatusAsync(await t.Admin.SendAsync(first), 201);
        var head = await host.HeadAsync();

        var again = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks") { Content = JsonContent.Create(body, options: LedgerHost.Json) };
        again.Headers.Add("Idempotency-Key", "register-once");
        await Expect.ProblemAsync(await t.Admin.SendAsync(again), 409);

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task RemovingAWebhookTakesItOffTheList()
    {
        var t = await host.TenantAsync("hook-remove");
        var webhook = await WebhookBed.RegisterAsync(t, Public, [AlertKinds.Drift], allowPrivate: false);

        await Expect.StatusAsync(await t.Admin.DeleteAsync($"/api/webhooks/{webhook.WebhookId}"), 200);

        Assert.Empty((await Expect.JsonAsync<WebhookListView>(await t.Auditor.GetAsync("/api/webhooks"))).Webhooks);
    }
}

public sealed class SqliteWebhookEndpointTests(SqliteHost host) : WebhookEndpointTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresWebhookEndpointTests(PostgresHost host) : WebhookEndpointTests(host), IClassFixture<PostgresHost>;
