using static LedgerReconcile.Api.Tests.Properties.MutationKind;

namespace LedgerReconcile.Api.Tests.Properties;

/// <summary>
/// The shrunk counterexamples the properties found (issue 12), kept as fixed cases: a change to the generator or the
/// seed must not let one of them come back unnoticed.
/// </summary>
public static class FoundCounterexamples
{
    private static readonly (string Command, JsonMutation Mutation)[] Found =
    [
        ("IngestSnapshot", new("warnings[0]", SetNull, 0)),
        ("IngestSnapshot", new("devices[0]", SetNull, 0)),
        ("IngestSnapshot", new("assets[1]", SetNull, 0)),
        ("IngestSnapshot", new("warnings[0].deviceSerial", InsertHostileText, 0)),
        ("IngestSnapshot", new("saasDomains[0].productType", LongText, 5)),
        ("IngestSnapshot", new("endpointAgents[0].subscription", LongText, 4)),
        ("IngestSnapshot", new("devices[0].model", SetNull, 0)),
        ("IngestSnapshot", new("assets[0].isPaused", Drop, 0)),
        ("IngestSnapshot", new("devices[0].isAzure", Drop, 0)),
        ("CloseBillingPeriod", new("lines[0]", SetNull, 0)),
        ("CorrectBillingPeriod", new("periodStart", Drop, 0)),
        ("CorrectBillingPeriod", new("periodEnd", ExtremeTime, 3)),
    ];

    public static IEnumerable<object[]> Cases => Found.Select((found, index) => new object[] { found.Command, index });

    public static MutatedBody Case(int index) => new([Found[index].Mutation]);
}
