namespace Shepherd.Bench;

/// <summary>How long the seed's recipe took to bring agents back (in the figure's unit): in all (fault → last agent launched),
/// and the work after its poll began (what remains when the wait for the poll is taken away).</summary>
internal sealed record RecoveryTimes(Samples Total, Samples Work);
