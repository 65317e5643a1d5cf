using LedgerReconcile.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LedgerReconcile.Api.Tests;

/// <summary>The Swagger UI renders in a real headless Chromium against the running API and lists the operations.</summary>
public sealed class SwaggerUiTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task TheSwaggerPageListsTheOperations()
    {
        Assert.True(File.Exists(Chromium), $"Headless Chromium is needed at {Chromium} for this test: install it with 'apt-get install -y chromium'.");
        await using var server = await LedgerProcess.StartAsync("serve");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.BaseUrl}/swagger/index.html");
        await page.WaitForSelectorAsync(".opblock-summary", new PageWaitForSelectorOptions { Timeout = 60_000 });

        var operations = await page.Locator(".opblock-summary-path").AllInnerTextsAsync();
        var text = await page.InnerTextAsync("body");
        Assert.Contains(operations, o => o.Contains("/api/discrepancies", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.Contains("/api/customers/{customerKey}/billable", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.Contains("/api/events", StringComparison.Ordinal));
        Assert.True(operations.Count >= EndpointCatalog.All.Count, $"Swagger lists {operations.Count} operations; the API has {EndpointCatalog.All.Count}.");
        Assert.Contains("LedgerReconcile", text, StringComparison.Ordinal);
        Assert.Contains("Authorize", text, StringComparison.Ordinal);
    }
}
