package message

import "testing"

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "plain text", in: "hello", want: "hello"},
		{name: "paragraphs and breaks", in: "<p>one</p><p>two<br>three</p>", want: "one\n\ntwo\nthree"},
		{name: "entities decoded", in: "<div>Tom &amp; Jerry &lt;3 &eacute;t&eacute;&nbsp;ok</div>", want: "Tom & Jerry <3 été ok"},
		{name: "script, style and head dropped", in: "<html><head><title>t</title><style>.x{}</style></head><body><script>var a=1;</script>text</body></html>", want: "text"},
		{name: "whitespace collapsed", in: "<div>  a\n   b  </div>\n\n<div>c</div>", want: "a b\nc"},
		{name: "inline elements do not break", in: "<p>a <b>bold</b> and <a href=\"https://example.org\">link</a>.</p>", want: "a bold and link."},
		{name: "list items", in: "<ul><li>one</li><li>two</li></ul>", want: "- one\n- two"},
		{name: "blockquote lines prefixed", in: "<div>new</div><blockquote><div>old 1</div><div>old 2</div></blockquote>", want: "new\n> old 1\n> old 2"},
		{name: "pre keeps lines", in: "<pre>a  b\nc</pre>", want: "a  b\nc"},
		{name: "table cells separated", in: "<table><tr><td>Name</td><td>Jo</td></tr></table>", want: "Name\tJo"},
		{name: "broken html", in: "<div><p>unclosed <b>bold", want: "unclosed bold"},
		{name: "empty", in: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTMLToText(tt.in); got != tt.want {
				t.Errorf("HTMLToText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
