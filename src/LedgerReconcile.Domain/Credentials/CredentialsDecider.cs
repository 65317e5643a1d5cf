using static LedgerReconcile.Domain.Credentials.CredentialsCommand;
using static LedgerReconcile.Domain.Credentials.CredentialsEvent;

namespace LedgerReconcile.Domain.Credentials;

public static class CredentialsDecider
{
    public static CredentialsEvent[] Decide(CredentialsCommand command, CredentialsState state) => command switch
    {
        RecordCredentialsChange c => Record(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown credentials command."),
    };

    private static CredentialsEvent[] Record(RecordCredentialsChange command, CredentialsState state)
    {
        // The fingerprint identifies the values, so the same fingerprint again means the same credentials: nothing changed.
        return state.Integrations.TryGetValue(command.Integration, out var current) && current.Fingerprint == command.Fingerprint
            ? []
            : [new CredentialsChanged(command.Integration, command.Fingerprint, command.Actor, command.ChangedAt)];
    }
}
