/**
 * The news body editor: TipTap (ProseMirror), which reads the browser's composition events,
 * so Vietnamese typed through an input method (Telex/VNI in Unikey, EVKey, the OS keyboards)
 * reaches the document once, neither lost nor doubled. Only what the server's allow-list
 * keeps is offered: paragraphs, headings 2–3, bold, italic, underline, strike, lists, quotes,
 * links. Loaded only with the editor page (React.lazy), never with the rest of the app.
 */
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { LinkOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export interface RichTextEditorProps {
  initialHtml: string;
  /** Called with the HTML after each change (kept by the caller in a ref, not in state, so typing never re-renders the page). */
  onChange: (html: string) => void;
  labelledBy: string;
  editable?: boolean;
}

export function RichTextEditor({ initialHtml, onChange, labelledBy, editable = true }: RichTextEditorProps) {
  const { t } = useTranslation();
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3] },
        code: false,
        codeBlock: false,
        link: { openOnClick: false, autolink: true, protocols: ['http', 'https'], defaultProtocol: 'https' },
      }),
    ],
    content: initialHtml,
    editable,
    editorProps: {
      attributes: { 'aria-labelledby': labelledBy, 'aria-multiline': 'true', role: 'textbox', class: 'news-editor', 'data-testid': 'news-editor', spellcheck: 'true', lang: 'vi' },
    },
    onUpdate: ({ editor: e }) => onChange(e.getHTML()),
  });
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e
        ? {
            bold: e.isActive('bold'),
            italic: e.isActive('italic'),
            underline: e.isActive('underline'),
            h2: e.isActive('heading', { level: 2 }),
            h3: e.isActive('heading', { level: 3 }),
            bullet: e.isActive('bulletList'),
            ordered: e.isActive('orderedList'),
            quote: e.isActive('blockquote'),
            link: e.isActive('link'),
          }
        : null,
  });
  if (!editor) return null;
  const tool = (key: keyof NonNullable<typeof state>, label: string, run: () => void, text: React.ReactNode) => (
    <Tooltip title={label} key={key}>
      <Button size="small" type={state?.[key] ? 'primary' : 'default'} aria-pressed={Boolean(state?.[key])} aria-label={label} onClick={run} disabled={!editable}>
        {text}
      </Button>
    </Tooltip>
  );
  const setLink = () => {
    const previous = editor.getAttributes('link').href as string | undefined;
    const url = window.prompt(t('news.editor.linkPrompt'), previous ?? 'https://');
    if (url === null) return;
    if (url.trim() === '' || url.trim() === 'https://') editor.chain().focus().extendMarkRange('link').unsetLink().run();
    else editor.chain().focus().extendMarkRange('link').setLink({ href: url.trim() }).run();
  };
  return (
    <div className="news-editor-wrap">
      <Space wrap size={4} style={{ marginBottom: 8 }} role="toolbar" aria-label={t('news.editor.toolbar')}>
        {tool('bold', t('news.editor.bold'), () => editor.chain().focus().toggleBold().run(), 'B')}
        {tool('italic', t('news.editor.italic'), () => editor.chain().focus().toggleItalic().run(), 'I')}
        {tool('underline', t('news.editor.underline'), () => editor.chain().focus().toggleUnderline().run(), 'U')}
        {tool('h2', t('news.editor.h2'), () => editor.chain().focus().toggleHeading({ level: 2 }).run(), 'H2')}
        {tool('h3', t('news.editor.h3'), () => editor.chain().focus().toggleHeading({ level: 3 }).run(), 'H3')}
        {tool('bullet', t('news.editor.bullet'), () => editor.chain().focus().toggleBulletList().run(), '•')}
        {tool('ordered', t('news.editor.ordered'), () => editor.chain().focus().toggleOrderedList().run(), '1.')}
        {tool('quote', t('news.editor.quote'), () => editor.chain().focus().toggleBlockquote().run(), '❝')}
        {tool('link', t('news.editor.link'), setLink, <LinkOutlined />)}
      </Space>
      <EditorContent editor={editor} />
    </div>
  );
}
