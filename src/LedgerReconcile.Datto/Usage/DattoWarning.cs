namespace LedgerReconcile.Datto.Usage;

public enum DattoWarningKind
{
    AssetsUnavailable,
    AssetsNotFound,
    EndpointUnavailable,
    SeatsFellBackToSeatsUsed,
    UnknownStorageUnits,
    StorageAsBareNumber,
    UnreadableValue,
    UnexpectedShape,
    SkippedItem,
}

// Subject is the device serial, SaaS customer id or endpoint the problem belongs to.
public sealed record DattoWarning(DattoWarningKind Kind, string Subject, string Endpoint, string Detail)
{
    public override string ToString() => $"{Kind} [{Subject}] {Endpoint}: {Detail}";
}
