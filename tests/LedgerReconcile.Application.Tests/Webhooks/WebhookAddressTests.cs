using FluentValidation;
using System.Net;
using LedgerReconcile.Application.Webhooks;

namespace LedgerReconcile.Application.Tests.Webhooks;

public class WebhookAddressTests
{
    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2002:0808:0808::1")]
    public void PublicAddressesMayBeCalled(string address) => Assert.True(WebhookAddress.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.20.1.1")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.100.100.100")]
    [InlineData("0.0.0.0")]
    [InlineData("239.1.1.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fdff::1")]
    [InlineData("fe80::1")]
    [InlineData("ff05::2")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:0001::1")]
    public void LoopbackPrivateLinkLocalCgnatMulticastAndUnspecifiedAddressesMayNot(string address) =>
        Assert.False(WebhookAddress.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task AHostNameThatResolvesToAPrivateAddressIsRefused()
    {
        var guard = new ResolvingTo(IPAddress.Parse("93.184.215.14"), IPAddress.Parse("10.0.0.5"));

        var refused = await Assert.ThrowsAsync<ValidationException>(() => guard.EnsureAllowedAsync("https://alerts.msp.example/hook", false, CancellationToken.None));

        Assert.Equal("url", Assert.Single(refused.Errors).PropertyName);
    }

    [Fact]
    public async Task AHostNameThatResolvesOnlyToPublicAddressesIsAccepted() =>
        await new ResolvingTo(IPAddress.Parse("93.184.215.14")).EnsureAllowedAsync("https://alerts.msp.example/hook", false, CancellationToken.None);

    [Fact]
    public async Task AllowingPrivateAddressesSkipsTheResolution() =>
        await new ResolvingTo().EnsureAllowedAsync("http://receiver.internal/hook", true, CancellationToken.None);

    [Fact]
    public async Task AHostThatDoesNotResolveIsRefused() =>
        await Assert.ThrowsAsync<ValidationException>(() => new ResolvingTo().EnsureAllowedAsync("https://nowhere.example/hook", false, CancellationToken.None));

    private sealed class ResolvingTo(params IPAddress[] addresses) : WebhookAddressGuard
    {
        protected override Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult(addresses);
    }
}
