'use client';

import { useState } from 'react';

/** Copies a link to the clipboard and says so out loud; without clipboard access it explains what to do. */
export function CopyLinkButton({ url }: { url: string }) {
  const [message, setMessage] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setMessage('Link copied.');
    } catch {
      setMessage('Could not copy automatically: select the link above and copy it.');
    }
  }
  return (
    <>
      <button type="button" className="secondary" onClick={copy}>
        Copy link
      </button>
      <span role="status" style={{ marginLeft: '0.75em' }}>
        {message}
      </span>
    </>
  );
}
