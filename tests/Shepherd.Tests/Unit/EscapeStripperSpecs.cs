using System.Text;
using CsCheck;
using Shepherd.Terminal;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>logs --plain: escape sequences go, text stays, whatever the chunking.</summary>
public sealed class EscapeStripperSpecs
{
    [Theory]
    [InlineData("\u001b[1;31mred\u001b[0m plain", "red plain")]
    [InlineData("a\u001b]52;c;aGVsbG8=\u0007b", "ab")]                    // OSC 52 clipboard write, BEL-terminated
    [InlineData("a\u001b]0;title\u001b\\b", "ab")]                       // window title, ST-terminated
    [InlineData("a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\b", "alinkb")] // hyperlink
    [InlineData("a\u001bP1$r0m\u001b\\b", "ab")]                          // DCS
    [InlineData("a\u001b(Bb\u001b7c\u001b8d", "abcd")]                    // charset and save/restore cursor
    [InlineData("a\u009b31mb\u009d0;t\u009cc", "abc")]                    // 8-bit C1 forms
    [InlineData("50%\r100%\r\ndone\n", "50%\n100%\ndone\n")]
    [InlineData("tab\there\bx\u0007\u007f", "tab\therex")]
    [InlineData("é ü 中 → \u00a0ok", "é ü 中 → \u00a0ok")]              // other UTF-8 (also 0xC2 0xA0) is kept
    public void Escape_sequences_and_controls_go_and_text_stays(string input, string expected) =>
        EscapeStripper.Strip(input).ShouldBe(expected);

    [Fact]
    public void Any_split_of_the_input_gives_the_same_output()
    {
        var input = Encoding.UTF8.GetBytes("x\u001b[38;5;200mcol\u001b[0m\r\n\u001b]52;c;Zm9v\u0007y\u009b2Jé\u001b]0;t\u001b\\z\r");
        var whole = Run(input, [input.Length]);
        Gen.Int[1, 7].Array[1, 40].Sample(chunks => Run(input, chunks).ShouldBe(whole), iter: 500);
        Encoding.UTF8.GetString(whole).ShouldBe("xcol\nyéz\n");
    }

    private static byte[] Run(byte[] input, int[] chunks)
    {
        var s = new EscapeStripper();
        using var output = new MemoryStream();
        var at = 0;
        for (var i = 0; at < input.Length; i++)
        {
            var len = Math.Min(chunks[i % chunks.Length], input.Length - at);
            s.Write(input.AsSpan(at, len), output);
            at += len;
        }
        s.Flush(output);
        return output.ToArray();
    }
}
