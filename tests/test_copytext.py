"""bookkit.copytext: the copy button of a console block copies only commands."""

from html import unescape

from bookkit.copytext import commands, with_copy_text


def test_prompts_and_output_are_left_out():
    transcript = "$ docker run --rm hello\nHello!\n$ docker ps -a\nCONTAINER ID   IMAGE"
    assert commands(transcript) == "docker run --rm hello\ndocker ps -a"


def test_continuation_lines_and_here_documents_are_kept():
    transcript = "\n".join([
        "$ docker run -d \\",
        "    --name web nginx",
        "0123abcd",
        "$ cat > Dockerfile <<'EOF'",
        "FROM alpine",
        "$ not a prompt inside the body",
        "EOF",
        "$ docker build -q .",
        "sha256:0a1b",
    ])
    assert commands(transcript) == "\n".join([
        "docker run -d \\", "    --name web nginx",
        "cat > Dockerfile <<'EOF'", "FROM alpine", "$ not a prompt inside the body", "EOF",
        "docker build -q ."])


def test_a_console_block_of_the_html_gets_its_commands_as_data_copy():
    html = ('<p>x</p><div class="language-console highlight"><pre><span></span><code>'
            '<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>'
            '<span class="gp">$ </span>echo<span class="w"> </span>&quot;a &lt; b&quot;\n'
            '<a id="__codelineno-0-2" name="__codelineno-0-2" href="#__codelineno-0-2"></a>'
            '<span class="go">a &lt; b</span>\n</code></pre></div>'
            '<div class="language-bash highlight"><pre><code>ls</code></pre></div>')
    out = with_copy_text(html)
    assert out.count("data-copy=") == 1
    value = out.split('data-copy="')[1].split('"')[0]
    assert unescape(value) == 'echo "a < b"'
    assert with_copy_text(out) == out  # once only
