using System.Text;

namespace Shepherd.Terminal;

/// <summary>Removes terminal escape sequences from a byte stream, keeping the text: CSI (colours, cursor moves), OSC
/// (titles, OSC 52 clipboard writes, hyperlinks), DCS/SOS/PM/APC strings, two-byte escapes, their 8-bit C1 forms as
/// UTF-8, and other control characters except newline and tab. A carriage return becomes a newline (a progress line
/// redrawn with \r reads as one line per redraw). Works across chunk boundaries, so it can filter a followed log.</summary>
public sealed class EscapeStripper
{
    private enum Mode { Text, Esc, EscIntermediate, Csi, String, StringEsc }

    private Mode _mode = Mode.Text;
    private bool _osc;         // the string ends at BEL too (OSC), not only at ST
    private bool _pendingCr;
    private bool _pendingC2;   // 0xC2 seen: the start of a C1 control in UTF-8, or of an ordinary character

    /// <summary>Strips one string at once (e.g. a line for the live view).</summary>
    public static string Strip(string text)
    {
        var stripper = new EscapeStripper();
        using var output = new MemoryStream();
        stripper.Write(Encoding.UTF8.GetBytes(text), output);
        stripper.Flush(output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    public void Write(ReadOnlySpan<byte> input, Stream output)
    {
        var buffer = new byte[2 * input.Length + 2]; // at most a held-back byte plus this one per input byte
        var n = 0;
        foreach (var b in input) Step(b, buffer, ref n);
        output.Write(buffer, 0, n);
    }

    /// <summary>Ends the stream: a trailing \r is a line end, a lone 0xC2 is kept.</summary>
    public void Flush(Stream output)
    {
        if (_pendingCr) output.WriteByte((byte)'\n');
        if (_pendingC2 && _mode == Mode.Text) output.WriteByte(0xC2);
        _pendingCr = _pendingC2 = false;
    }

    private void Step(byte b, byte[] o, ref int n)
    {
        if (_pendingC2)
        {
            _pendingC2 = false;
            if (b is >= 0x80 and <= 0x9F) { C1(b); return; }
            if (_mode == Mode.Text) o[n++] = 0xC2;
        }
        switch (_mode)
        {
            case Mode.Text:
                if (_pendingCr)
                {
                    _pendingCr = false;
                    o[n++] = (byte)'\n';
                    if (b == '\n') return;
                }
                if (b == 0x1B) _mode = Mode.Esc;
                else if (b == 0xC2) _pendingC2 = true;
                else if (b == '\r') _pendingCr = true;
                else if (b is (byte)'\n' or (byte)'\t' || (b >= 0x20 && b != 0x7F)) o[n++] = b;
                return;
            case Mode.Esc:
                _mode = b switch
                {
                    (byte)'[' => Mode.Csi,
                    (byte)']' => Start(osc: true),
                    (byte)'P' or (byte)'X' or (byte)'^' or (byte)'_' => Start(osc: false),
                    >= 0x20 and <= 0x2F => Mode.EscIntermediate,  // ESC ( B and the like: one more byte
                    0x1B => Mode.Esc,
                    _ => Mode.Text,                               // ESC 7, ESC c, ESC =, …
                };
                return;
            case Mode.EscIntermediate:
                if (b is < 0x20 or > 0x2F) _mode = Mode.Text;
                return;
            case Mode.Csi:
                if (b == 0x1B) _mode = Mode.Esc;
                else if (b == 0xC2) _pendingC2 = true;
                else if (b is < 0x20 or > 0x3F) _mode = Mode.Text; // the final byte (or a stray one) ends it
                return;
            case Mode.String:
                if (b == 0x1B) _mode = Mode.StringEsc;
                else if (b == 0x07 && _osc) _mode = Mode.Text;
                else if (b == 0xC2) _pendingC2 = true;
                return;
            case Mode.StringEsc:
                if (b == '\\') _mode = Mode.Text;
                else { _mode = Mode.Esc; Step(b, o, ref n); }
                return;
        }
    }

    private void C1(byte b) => _mode = b switch
    {
        0x9B => Mode.Csi,
        0x9D => Start(osc: true),
        0x90 or 0x98 or 0x9E or 0x9F => Start(osc: false),
        0x9C => Mode.Text, // ST
        _ => _mode == Mode.String ? Mode.String : Mode.Text,
    };

    private Mode Start(bool osc)
    {
        _osc = osc;
        return Mode.String;
    }
}
