namespace LedgerReconcile.Domain.Credentials;

public abstract record CredentialsCommand
{
    private CredentialsCommand()
    {
    }

    /// <param name="ChangedAt">When the encrypted values were stored, which may be a moment before the command is decided.</param>
    public sealed record RecordCredentialsChange(string Integration, string Fingerprint, string Actor, DateTimeOffset ChangedAt) : CredentialsCommand;
}
