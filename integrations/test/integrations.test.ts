import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = join(root, 'woocommerce', 'sportello-chat');
// CI installs Debian's php-cli; a machine without PHP skips the PHP checks.
const hasPhp = spawnSync('php', ['-v']).status === 0;

describe('WordPress plugin', () => {
  it.runIf(hasPhp)('passes php -l', () => {
    for (const file of readdirSync(plugin).filter((f) => f.endsWith('.php'))) {
      const out = execFileSync('php', ['-l', join(plugin, file)], { encoding: 'utf8' });
      expect(out).toContain('No syntax errors');
    }
  });

  it.runIf(hasPhp)('prints a snippet whose userHash the server accepts, and no secret', () => {
    // WordPress stubbed just enough to run the plugin's footer hook for a signed-in user.
    const php = `
      define('ABSPATH', '/');
      $hooks = [];
      function add_action($hook, $fn) { global $hooks; $hooks[$hook] = $fn; }
      function register_setting() {} function add_options_page() {} function is_admin() { return false; }
      function get_option($name, $default) { return ['host' => 'https://chat.example.com/', 'site' => 'site_abc', 'secret' => 's3cret']; }
      function wp_parse_args($a, $b) { return array_merge($b, $a); }
      function get_locale() { return 'it_IT'; }
      function wp_get_current_user() { return (object) ['ID' => 42, 'user_email' => 'giulia@example.com', 'display_name' => 'Giulia </script>']; }
      function wp_json_encode($v, $flags = 0) { return json_encode($v, $flags); }
      function esc_url($u) { return $u; }
      require '${join(plugin, 'sportello-chat.php')}';
      ($hooks['wp_footer'])();
    `;
    const out = execFileSync('php', ['-r', php], { encoding: 'utf8' });
    const expected = createHmac('sha256', 's3cret').update('42').digest('hex');
    expect(out).toContain(`"userHash":"${expected}"`);
    expect(out).toContain('<script async src="https://chat.example.com/widget.js"></script>');
    expect(out).toContain('"site":"site_abc"');
    expect(out).not.toContain('s3cret');
    expect(out).toContain('Giulia \\u003C\\/script\\u003E'); // a name cannot close the script tag
  });
});

describe('Shopify snippet', () => {
  it('hashes the customer id with the hmac_sha256 filter and keeps the secret out of the page', () => {
    const liquid = readFileSync(join(root, 'shopify', 'sportello.liquid'), 'utf8');
    expect(liquid).toMatch(/customer\.id \| append: '' \| hmac_sha256: sportello_secret/);
    expect(liquid).toContain("{%- if customer and sportello_secret != blank %}");
    expect(liquid).not.toMatch(/\{\{\s*sportello_secret/);
    expect(liquid).toContain('/widget.js');
  });
});
