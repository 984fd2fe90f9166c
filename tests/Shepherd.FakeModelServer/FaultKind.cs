namespace Shepherd.FakeModel;

/// <summary>How the server misbehaves instead of answering normally.</summary>
public enum FaultKind
{
    /// <summary>Answer normally.</summary>
    None,

    /// <summary>HTTP <see cref="ReplyBehavior.StatusCode"/> (default 500) with a protocol-shaped error body.</summary>
    HttpError,

    /// <summary>HTTP 429 with a <c>retry-after</c> header and a protocol-shaped error body.</summary>
    RateLimited,

    /// <summary>Abort the TCP connection without sending a response.</summary>
    DropConnection,
}
