namespace Shepherd.Tests.Unit;

/// <summary>Usage-limit messages as the pinned CLIs really print them (docs/agents-found.md, "Usage limits").
/// <para>Templates: read out of the installed binaries with strings/grep (scripts/install-agents.sh). Rust's compiled
/// format pieces are shown with <c>{}</c> where an argument goes; JS template literals as in the bundle.</para>
/// <para>Captured: printed by the real CLIs on 2026-12-04 (about 19:32 UTC), each run against a local server answering
/// its model request with 429: for Codex the body <c>{"error":{"type":"usage_limit_reached","plan_type":P,"resets_at":T}}</c>,
/// for Claude (logged in with <c>CLAUDE_CODE_OAUTH_TOKEN</c>) the headers <c>anthropic-ratelimit-unified-status: rejected</c>,
/// <c>-reset: T</c>, <c>-representative-claim: C</c>.</para></summary>
internal static class RealUsageLimitMessages
{
    /// <summary>Codex CLI 0.169.0, native binary @openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex,
    /// <c>impl Display for UsageLimitReachedError</c> (codex-rs/protocol/src/error.rs). The binary's apostrophe is
    /// U+2019; older releases print an ASCII one. Its URLs say chatgpt.com/settings/usage (the upstream source in the code index: /codex/settings/usage).</summary>
    public static readonly string[] CodexTemplates =
    [
        "You’ve hit your usage limit for {}. Switch to another model now,{}",   // a named limit other than "codex" (x-codex-active-limit)
        "You’ve hit your usage limit. {},{}",                                   // a promo message (x-codex-promo-message)
        "You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/settings/usage to purchase more credits{}", // plus
        "You’ve hit your usage limit. To get more access now, send a request to your admin{}",      // team, business
        "You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus),{}", // free, go
        "You’ve hit your usage limit. Visit https://chatgpt.com/settings/usage to purchase more credits{}", // pro
        "You’ve hit your usage limit.{}",                                       // enterprise, edu, unknown plan
        "Your workspace is out of credits. Add credits to continue.",
        "Your workspace is out of credits. Ask your workspace owner to refill in order to continue.",
        "You hit your spend cap set in your workspace. Increase your spend cap to continue.",
        "You hit your spend cap set by the owner of your workspace. Ask an owner to increase your spend cap to continue.",
        "Quota exceeded. Check your plan and billing details.",                // CodexErr::QuotaExceeded (insufficient_quota)
    ];

    /// <summary>Codex's suffixes: <c>retry_suffix</c> " Try again at {}." / " Try again later.", <c>retry_suffix_after_or</c>
    /// " or try again at {}." / " or try again later."; the time from <c>format_retry_timestamp</c>: chrono, in the local zone,
    /// "%-I:%M %p" when the reset falls on today's local date, else "%b %-d{}, %Y %-I:%M %p" with st/nd/rd/th (11-13: th).
    /// Codex has no relative form.</summary>
    public static readonly string[] CodexTimeFormats = ["%-I:%M %p", "%b %-d{}, %Y %-I:%M %p"];

    /// <summary>Codex exec --json, plan free, resets_at = now + 600 s, TZ=UTC, exit 1: these two lines end stdout.</summary>
    public const string CodexErrorEvent =
        """{"type":"error","message":"You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at 7:42 PM."}""";

    public const string CodexTurnFailed =
        """{"type":"turn.failed","error":{"message":"You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at 7:42 PM."}}""";

    /// <summary>Codex turn.failed messages: (message, TZ of the run, the reset the server sent, to the minute, UTC).</summary>
    public static readonly (string Message, string Zone, string ResetUtc)[] CodexCaptured =
    [
        ("You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at 7:42 PM.", "UTC", "2026-12-04T19:42Z"),
        ("You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/settings/usage to purchase more credits or try again at 8:32 PM.", "UTC", "2026-12-04T20:32Z"),
        ("You’ve hit your usage limit. Visit https://chatgpt.com/settings/usage to purchase more credits or try again at 8:32 PM.", "UTC", "2026-12-04T20:32Z"),
        ("You’ve hit your usage limit. To get more access now, send a request to your admin or try again at 8:32 PM.", "UTC", "2026-12-04T20:32Z"),
        ("You’ve hit your usage limit. Try again at 8:32 PM.", "UTC", "2026-12-04T20:32Z"),
        ("You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/settings/usage to purchase more credits or try again at Dec 6th, 2026 7:32 PM.", "UTC", "2026-12-06T19:32Z"),
        ("You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at Jan 8th, 2028 7:32 PM.", "UTC", "2028-01-08T19:32Z"),
        ("You’ve hit your usage limit. Try again at Dec 30th, 2026 7:32 PM.", "UTC", "2026-12-30T19:32Z"),
        ("You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at 6:33 AM.", "Australia/Brisbane", "2026-12-04T20:33Z"),
    ];

    /// <summary>Codex without resets_at in the body.</summary>
    public static readonly string[] CodexCapturedLater =
    [
        "You’ve hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again later.",
        "You’ve hit your usage limit. Try again later.",
    ];

    /// <summary>Claude Code 2.1.197, bin/claude.exe (Bun; the JS bundle inside): <c>function hJ(e,t,n){return`You've hit your ${e}${t}`}</c>,
    /// called by <c>xfp</c>/<c>kfp</c> with e = "session limit" (five_hour), "weekly limit" (seven_day), "Sonnet limit",
    /// "Opus limit", "Fable 5 limit", "usage limit", "limit", "monthly spend limit", "org's monthly spend limit",
    /// "org's monthly usage limit", and t = <c>` \xB7 resets ${Vee(resetsAt,!0)}`</c> or "". Also
    /// <c>`You're out of usage credits${u}`</c>, "Your org is out of usage \xB7 add funds to continue",
    /// "Your org is out of usage \xB7 contact your admin". <c>Vee</c>: within 24 h
    /// <c>toLocaleTimeString("en-US",{hour:"numeric",minute:i===0?void 0:"2-digit",hour12:!0})</c>, further
    /// <c>toLocaleString("en-US",{month:"short",day:"numeric",hour:"numeric",minute:…,hour12:!0})</c> (+ year:"numeric" in
    /// another year), then <c>.replace(/ ([AP]M)/i, lower)</c> and <c>` (${Intl.DateTimeFormat().resolvedOptions().timeZone})`</c>.</summary>
    public static readonly string[] ClaudeTemplates =
    [
        "You've hit your ${e}${t}",
        " · resets ${Vee(resetsAt,!0)}",
        "You're out of usage credits${u}",
        "Your org is out of usage · add funds to continue",
        "Your org is out of usage · contact your admin",
        // interactive fast mode only (never in print mode): Xi(ms,{hideTrailingZeros:!0}) gives "1d 5h", "2h 30m", "45s"
        "You've hit your fast limit · resets in ${Xi(d.resetAt-Date.now(),{hideTrailingZeros:!0})}",
    ];

    /// <summary>Claude -p --output-format stream-json --verbose, five_hour, reset = now + 3600 s, TZ=Australia/Brisbane,
    /// exit 1: these lines follow system/init (the assistant line's usage block is shortened here).</summary>
    public const string ClaudeRateLimitEvent =
        """{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":1796416391,"rateLimitType":"five_hour","isUsingOverage":false},"uuid":"069ac036-56d8-45b4-8c1b-ec88a65837c1","session_id":"efefa93b-bbde-465c-98d7-84aa8d43909d"}""";

    public const string ClaudeAssistant =
        """{"type":"assistant","message":{"id":"a48600ee-c113-417f-b48d-cb5bfcb72f60","container":null,"model":"<synthetic>","role":"assistant","stop_details":null,"stop_reason":"stop_sequence","stop_sequence":"","type":"message","usage":{"input_tokens":0,"output_tokens":0},"content":[{"type":"text","text":"You've hit your session limit · resets 6:33am (Australia/Brisbane)"}],"context_management":null},"parent_tool_use_id":null,"session_id":"efefa93b-bbde-465c-98d7-84aa8d43909d","uuid":"e40c6280-3c8b-4679-a48b-b6ea12557ae6","error":"rate_limit"}""";

    public const string ClaudeResult =
        """{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"duration_ms":513,"duration_api_ms":0,"num_turns":1,"result":"You've hit your session limit · resets 6:33am (Australia/Brisbane)","stop_reason":"stop_sequence","session_id":"efefa93b-bbde-465c-98d7-84aa8d43909d","total_cost_usd":0,"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","uuid":"24273cc3-1605-4cb4-ab1d-99eb41eb3e10"}""";

    /// <summary>Claude results: (result text, the run's TZ, "now" of the run, resetsAt of its rate_limit_event, UTC).</summary>
    public static readonly (string Message, string Zone, string NowUtc, string ResetUtc)[] ClaudeCaptured =
    [
        ("You've hit your session limit · resets 6:33am (Australia/Brisbane)", "Australia/Brisbane", "2026-12-04T19:33:11Z", "2026-12-04T20:33:11Z"),
        ("You've hit your session limit · resets 9pm (UTC)", "UTC", "2026-12-04T19:33:26Z", "2026-12-04T21:00:00Z"),
        ("You've hit your weekly limit · resets Dec 8, 5:33am (Australia/Brisbane)", "Australia/Brisbane", "2026-12-04T19:33:26Z", "2026-12-07T19:33:26Z"),
        ("You've hit your Opus limit · resets Dec 6, 4pm (America/New_York)", "America/New_York", "2026-12-04T19:33:26Z", "2026-12-06T21:00:00Z"),
        ("You've hit your Sonnet limit · resets Jan 13, 2027, 8:33pm (Europe/Berlin)", "Europe/Berlin", "2026-12-04T19:33:26Z", "2027-01-13T19:33:26Z"),
    ];

    /// <summary>Claude, five_hour without a reset header.</summary>
    public const string ClaudeWithoutReset = "You've hit your session limit";

    /// <summary>Claude's plain 429 (no representative-claim header: the server limits, not the plan), api_error_status 429;
    /// its rate_limit_event still says rejected.</summary>
    public const string ClaudePlainRateLimit =
        "API Error: Server is temporarily limiting requests (not your usage limit) · This request would exceed your account's rate limit. Please try again later.";

    /// <summary>OpenCode 1.18.33, bin/opencode.exe (Bun), the OpenCode Go provider's GoUsageLimitError:
    /// <c>`${f?`${f} usage limit`:"Usage limit"} reached. It will reset in ${g}. To continue using this model now, enable usage from your available balance`</c>
    /// + <c>` - https://opencode.ai/workspace/${d}/go`</c>; g from retry-after: "N day(s) N hour(s)", "N hour(s) N minute(s)",
    /// "N minute(s)" (minutes rounded up) or "less than a minute".</summary>
    public const string OpenCodeGo =
        "Usage limit reached. It will reset in 3 days 6 hours. To continue using this model now, enable usage from your available balance - https://opencode.ai/workspace/wrk_1/go";

    /// <summary>Pi 0.73.1, @mariozechner/pi-ai/dist/providers/openai-codex-responses.js, parseErrorResponse (only when the
    /// server's error has no message of its own): <c>`You have hit your ChatGPT usage limit${plan}.${when}`</c>, plan
    /// <c>` (${plan_type} plan)`</c>, when <c>` Try again in ~${mins} min.`</c>.</summary>
    public const string PiChatGpt = "You have hit your ChatGPT usage limit (plus plan). Try again in ~158 min.";
}
