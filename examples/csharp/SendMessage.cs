// Sends "Message text" with a picture block and a file block from C# through P/Invoke.
//
//   mcs -out:send_message.exe examples/csharp/SendMessage.cs
//   LD_LIBRARY_PATH=target/release \
//   B24_URL=https://portal/rest/1/code/ B24_CHAT=chat450 mono send_message.exe
//
// B24_URL is a webhook URL, or the portal's address when B24_TOKEN is set. Answers are declared
// as IntPtr: declared as string, the marshaller would release them with the wrong allocator.
// Parameters go in as UTF-8 bytes with a trailing NUL. Answers are decoded from UTF-8 here,
// since Marshal.PtrToStringUTF8 is missing from .NET Framework, and released with b24_free.
// Builds with Mono's mcs and runs on Mono or .NET with no package beyond the base library.
using System;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

static class Bitrix24
{
    const string Library = "bitrix24_ffi"; // libbitrix24_ffi.so, found through LD_LIBRARY_PATH

    [DllImport(Library)] static extern IntPtr b24_send_message(byte[] utf8Params);
    [DllImport(Library)] static extern IntPtr b24_get_picture_block(byte[] utf8Params);
    [DllImport(Library)] static extern IntPtr b24_get_file_block(byte[] utf8Params);
    [DllImport(Library)] static extern void b24_free(IntPtr text);
    [DllImport(Library)] static extern IntPtr b24_version();

    /// <summary>One call: a JSON text in, the answer's text out; the library's copy is
    /// released here.</summary>
    static string Call(Func<byte[], IntPtr> export, string json)
    {
        IntPtr answer = export(Encoding.UTF8.GetBytes(json + "\0"));
        try
        {
            return Utf8At(answer);
        }
        finally
        {
            b24_free(answer);
        }
    }

    /// <summary>The NUL-terminated UTF-8 text at <paramref name="text"/>.</summary>
    static string Utf8At(IntPtr text)
    {
        int length = 0;
        while (Marshal.ReadByte(text, length) != 0)
        {
            length++;
        }
        var bytes = new byte[length];
        Marshal.Copy(text, bytes, 0, length);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A JSON string literal of <paramref name="text"/>.</summary>
    static string Quote(string text)
    {
        var json = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c == '"' || c == '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (c < ' ')
            {
                json.AppendFormat("\\u{0:x4}", (int)c);
            }
            else
            {
                json.Append(c);
            }
        }
        return json.Append('"').ToString();
    }

    /// <summary>Whether the JSON object <paramref name="answer"/> has the key "error" at its
    /// top level. Not a JSON parser: it only tracks strings and nesting, which is enough for
    /// the library's answers, always one JSON object.</summary>
    static bool HasError(string answer)
    {
        int depth = 0;
        for (int i = 0; i < answer.Length; i++)
        {
            char c = answer[i];
            if (c == '{' || c == '[')
            {
                depth++;
            }
            else if (c == '}' || c == ']')
            {
                depth--;
            }
            else if (c == '"')
            {
                int start = i + 1;
                for (i = start; i < answer.Length && answer[i] != '"'; i++)
                {
                    if (answer[i] == '\\')
                    {
                        i++;
                    }
                }
                string key = answer.Substring(start, Math.Min(i, answer.Length) - start);
                int next = i + 1;
                while (next < answer.Length && char.IsWhiteSpace(answer[next]))
                {
                    next++;
                }
                if (depth == 1 && key == "error" && next < answer.Length && answer[next] == ':')
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Prints an answer as "Label: {...}"; false, said on stderr too, for an error.</summary>
    static bool Report(string label, string answer)
    {
        Console.WriteLine("{0}: {1}", label, answer);
        if (HasError(answer))
        {
            Console.Error.WriteLine("{0} failed: {1}", label, answer);
            return false;
        }
        return true;
    }

    static string Env(string name, string fallback)
    {
        string value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value) ? fallback : value;
    }

    static int Main()
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        string url = Env("B24_URL", null);
        if (url == null)
        {
            Console.Error.WriteLine("set B24_URL (and B24_CHAT, B24_TOKEN as needed)");
            return 2;
        }
        Console.WriteLine(Utf8At(b24_version())); // static: not released

        string picture = Call(b24_get_picture_block,
            "{\"title\": \"Image\", \"url\": \"https://hut.openintegrations.dev/test_data/picture.jpg\"}");
        if (!Report("GetPictureBlock", picture))
        {
            return 1;
        }
        string file = Call(b24_get_file_block,
            "{\"title\": \"Document.docx\", \"url\": \"https://hut.openintegrations.dev/test_data/document.docx\"}");
        if (!Report("GetFileBlock", file))
        {
            return 1;
        }

        string message = "{\"url\": " + Quote(url)
            + ", \"chat\": " + Quote(Env("B24_CHAT", "chat450"))
            + ", \"text\": " + Quote(Env("B24_TEXT", "Message text"))
            + ", \"blocks\": [" + picture + ", " + file + "]"
            + ", \"token\": " + Quote(Env("B24_TOKEN", "")) + "}";
        // A call that reaches the portal blocks until it answers: UI and async code make it
        // on a worker thread. Main waits for it here, as a console program may.
        string answer = Task.Run(() => Call(b24_send_message, message)).GetAwaiter().GetResult();
        return Report("SendMessage", answer) ? 0 : 1;
    }
}
