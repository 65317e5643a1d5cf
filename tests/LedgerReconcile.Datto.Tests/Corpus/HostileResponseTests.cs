using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Datto.Tests.Corpus;

public sealed class HostileResponseTests
{
    public static TheoryData<string> Cases => DattoHostileBodies.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AHostileDattoAnswerEndsInATypedFailureOrAWarningNeverACrashOrAZero(string name)
    {
        var hostile = DattoHostileBodies.Named(name);
        await using var bed = await DattoTestbed.StartAsync();
        var route = RouteOf(bed, hostile.Section);
        bed.Simulator.Faults.Add(DattoFault.Respond(route, hostile.Body));
        var pull = bed.PullAsync().WaitAsync(TimeSpan.FromSeconds(30));

        if (hostile is { Section: DattoSection.Devices, Expect: DattoExpectation.Unknown })
        {
            var error = await Assert.ThrowsAsync<DattoRequestFailedException>(() => pull);
            Assert.Equal("bcdr/device", error.Route);
            return;
        }

        var usage = await pull;
        NothingUnknownReadsAsZeroOrLess(usage);
        switch (hostile.Expect)
        {
            case DattoExpectation.Unknown:
                Assert.Null(SectionOf(usage, hostile.Section, bed));
                Assert.Contains(usage.Warnings, w => w.Endpoint.TrimStart('/') == route.TrimStart('/'));
                break;
            case DattoExpectation.FieldUnknown:
                Assert.Null(hostile.Field!(usage));
                var field = name.Split(": ")[1].Split(" = ")[0];
                Assert.Contains(usage.Warnings, w => w.Detail.StartsWith(field + ":", StringComparison.Ordinal));
                break;
            case DattoExpectation.Read:
                foreach (var id in hostile.Ids ?? [])
                    Assert.Single(usage.Devices, d => string.Equals(d.SerialNumber, id.Trim(), StringComparison.Ordinal));
                break;
        }
    }

    private static string RouteOf(DattoTestbed bed, DattoSection section) => section switch
    {
        DattoSection.Devices => "/bcdr/device",
        DattoSection.Assets => $"/bcdr/device/{bed.Partner(p => p.Devices[0].SerialNumber)}/asset",
        DattoSection.DtcAssets => "/dtc/assets",
        DattoSection.EndpointAgents => "/bcdr/agent",
        DattoSection.SaasDomains => "/saas/domains",
        _ => $"/saas/{bed.Partner(p => p.SaasDomains[0].SaasCustomerId)}/seats",
    };

    private static object? SectionOf(DattoPartnerUsage usage, DattoSection section, DattoTestbed bed) => section switch
    {
        DattoSection.Assets => usage.Devices.Single(d => d.SerialNumber == bed.Partner(p => p.Devices[0].SerialNumber)).Assets,
        DattoSection.DtcAssets => usage.DtcAssets,
        DattoSection.EndpointAgents => usage.EndpointAgents,
        DattoSection.SaasDomains => usage.SaasDomains,
        _ => usage.SaasDomains!.Single(d => d.SaasCustomerId == bed.Partner(p => p.SaasDomains[0].SaasCustomerId)).Seats,
    };

    private static void NothingUnknownReadsAsZeroOrLess(DattoPartnerUsage usage)
    {
        foreach (var device in usage.Devices)
        {
            Assert.False(device.OffsiteBytes < 0, $"{device.SerialNumber}: negative offsite bytes");
            Assert.False(device.AgentCount < 0 || device.ShareCount < 0, $"{device.SerialNumber}: negative count");
            if (device.OffsiteStorage is { Reading: DattoStorageReading.Unreadable or DattoStorageReading.UnknownUnits } storage)
                Assert.Null(storage.Bytes);
        }
        foreach (var domain in usage.SaasDomains ?? [])
            Assert.False(domain.SeatsUsed < 0, $"{domain.SaasCustomerId}: negative seatsUsed");
    }
}
