using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("LedgerReconcile.Projections.Tests")]
