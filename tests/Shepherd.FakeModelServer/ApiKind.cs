namespace Shepherd.FakeModel;

/// <summary>Which model API a request was addressed to (decided by the path suffix).</summary>
public enum ApiKind
{
    /// <summary>Anything else: HEAD/GET probes, model lists, count_tokens / countTokens, unknown POSTs.</summary>
    Other,

    /// <summary>OpenAI Responses API, <c>POST …/responses</c> (Codex).</summary>
    Responses,

    /// <summary>OpenAI Chat Completions, <c>POST …/chat/completions</c> (OpenCode, Pi).</summary>
    Chat,

    /// <summary>Anthropic Messages, <c>POST …/messages</c> (Claude Code).</summary>
    Anthropic,

    /// <summary>Gemini API, <c>POST …/models/&lt;model&gt;:streamGenerateContent</c> (Gemini CLI's conversation).</summary>
    Gemini,

    /// <summary>Gemini API, <c>POST …/models/&lt;model&gt;:generateContent</c>: Gemini CLI's side calls (routing, summaries),
    /// answered plainly by <see cref="GeminiSideCall"/>, never by the rules; not a model call.</summary>
    GeminiSide,
}
