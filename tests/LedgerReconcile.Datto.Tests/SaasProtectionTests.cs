using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Datto.Tests;

public sealed class SaasProtectionTests
{
    [Theory]
    [InlineData(NonBillableValue.Zero, "0")]
    [InlineData(NonBillableValue.EmptyString, "")]
    public async Task OnlySeatsMarkedOneAreBillable(NonBillableValue nonBillable, string rawNonBillable)
    {
        var partner = DattoTestbed.SmallPartner();
        partner.SaasDomainsPerOrganization = 1.5;
        partner.NonBillable = nonBillable;
        await using var bed = await DattoTestbed.StartAsync(partner);

        var usage = await bed.PullAsync();

        var expected = bed.Partner(p => p.SaasDomains.ToDictionary(d => d.SaasCustomerId, d => (
            Seats: d.Seats.Count, Billable: d.Seats.Count(s => s.Billable), d.OrganizationId)));
        Assert.Equal(9, usage.SaasDomains!.Count);
        foreach (var domain in usage.SaasDomains)
        {
            var want = expected[domain.SaasCustomerId];
            Assert.Equal(want.Seats, domain.Seats!.Count);
            Assert.Equal(want.Billable, domain.BillableSeatCount);
            Assert.Equal(want.OrganizationId, domain.OrganizationId);
            Assert.All(domain.Seats.Where(s => !s.Billable), s => Assert.Equal(rawNonBillable, s.RawBillable));
            Assert.All(domain.Seats.Where(s => s.Billable), s => Assert.Equal("1", s.RawBillable));
        }
        Assert.Contains(usage.SaasDomains.SelectMany(d => d.Seats!), s => !s.Billable);
        Assert.Empty(usage.Warnings);
    }

    [Fact]
    public async Task SeatsAreTalliedByTypeStateAndBillable()
    {
        await using var bed = await DattoTestbed.StartAsync();

        var usage = await bed.PullAsync();

        var domain = usage.SaasDomains![0];
        var expected = bed.Partner(p => p.SaasDomains.Single(d => d.SaasCustomerId == domain.SaasCustomerId).Seats
            .GroupBy(s => (s.SeatType, s.SeatState, s.Billable))
            .Select(g => new DattoSeatTally(g.Key.SeatType, g.Key.SeatState, g.Key.Billable, g.Count()))
            .OrderBy(t => t.SeatType, StringComparer.Ordinal).ThenBy(t => t.SeatState, StringComparer.Ordinal).ThenByDescending(t => t.Billable)
            .ToArray());
        Assert.Equal(expected, domain.SeatTallies);
        Assert.Equal(12, domain.SeatTallies.Sum(t => t.Count));
    }

    [Fact]
    public async Task SeatsThatTimeOutAtTheGatewayFallBackToSeatsUsed()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var failing = bed.Partner(p => p.SaasDomains[1]);
        bed.Simulator.Faults.Add(DattoFault.Status($"/saas/{failing.SaasCustomerId}/seats", 504));

        var usage = await bed.PullAsync();

        var domain = usage.SaasDomains!.Single(d => d.SaasCustomerId == failing.SaasCustomerId);
        Assert.True(domain.SeatsUnknown);
        Assert.Equal(failing.SeatsUsed, domain.BillableSeatCount);
        var warning = Assert.Single(usage.Warnings);
        Assert.Equal((DattoWarningKind.SeatsFellBackToSeatsUsed, failing.SaasCustomerId.ToString()), (warning.Kind, warning.Subject));
        Assert.Contains("504", warning.Detail);
        Assert.Contains($"seatsUsed = {failing.SeatsUsed}", warning.Detail);
        // The slow route gets one retry, not the general budget of three.
        Assert.Equal(2, bed.Simulator.Requests.Count($"/saas/{failing.SaasCustomerId}/seats"));
        Assert.All(usage.SaasDomains!.Where(d => d != domain), d => Assert.False(d.SeatsUnknown));
        var customer = usage.GroupByCustomer().Single(c => c.Key.Value == failing.OrganizationId.ToString());
        Assert.Equal(failing.SeatsUsed, customer.BillableSeatCount);
    }

    [Fact]
    public async Task SeatsSlowerThanTheSeatsTimeoutFallBackToSeatsUsed()
    {
        await using var bed = await DattoTestbed.StartAsync(tune: o =>
        {
            o.SeatsTimeout = TimeSpan.FromMilliseconds(300);
            o.SeatsMaxRetryAttempts = 0;
        });
        var slow = bed.Partner(p => p.SaasDomains[0]);
        bed.Simulator.Faults.Add(DattoFault.Slow($"/saas/{slow.SaasCustomerId}/seats", TimeSpan.FromSeconds(5)));

        var usage = await bed.PullAsync();

        var domain = usage.SaasDomains!.Single(d => d.SaasCustomerId == slow.SaasCustomerId);
        Assert.Null(domain.Seats);
        Assert.Equal(slow.SeatsUsed, domain.BillableSeatCount);
        var warning = Assert.Single(usage.Warnings);
        Assert.Equal(DattoWarningKind.SeatsFellBackToSeatsUsed, warning.Kind);
        Assert.Contains("timed out", warning.Detail);
    }

    [Fact]
    public async Task SeatsGetTheirLongTimeoutWhileOtherRoutesKeepTheShortOne()
    {
        await using var bed = await DattoTestbed.StartAsync(tune: o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(400);
            o.SeatsTimeout = TimeSpan.FromSeconds(20);
        });
        var slow = bed.Partner(p => p.SaasDomains[0]);
        bed.Simulator.Faults.Add(DattoFault.Slow($"/saas/{slow.SaasCustomerId}/seats", TimeSpan.FromSeconds(1), times: 1));

        var usage = await bed.PullAsync();

        Assert.Equal(slow.Seats.Count, usage.SaasDomains!.Single(d => d.SaasCustomerId == slow.SaasCustomerId).Seats!.Count);
        Assert.Equal(1, bed.Simulator.Requests.Count($"/saas/{slow.SaasCustomerId}/seats"));
        Assert.Empty(usage.Warnings);
    }

    [Fact]
    public async Task AFailingDomainListLeavesSaasUnknownButKeepsBcdr()
    {
        await using var bed = await DattoTestbed.StartAsync();
        bed.Simulator.Faults.Add(DattoFault.Status("/saas/domains", 500));

        var usage = await bed.PullAsync();

        Assert.Null(usage.SaasDomains);
        Assert.Equal(12, usage.Devices.Count);
        Assert.All(usage.Devices, d => Assert.False(d.AssetsUnknown));
        var warning = Assert.Single(usage.Warnings);
        Assert.Equal(DattoWarningKind.EndpointUnavailable, warning.Kind);
    }
}
