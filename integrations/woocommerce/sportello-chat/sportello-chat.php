<?php
/**
 * Plugin Name: Sportello Chat
 * Description: Adds the Sportello live chat and support bot to your store, and identifies signed-in customers securely.
 * Version: 0.1.0
 * Requires at least: 6.0
 * Requires PHP: 7.4
 * License: MIT
 * Text Domain: sportello-chat
 */

if (!defined('ABSPATH')) {
    exit;
}

const SPORTELLO_OPTION = 'sportello_chat_settings';

/** The saved settings, with defaults. */
function sportello_settings(): array {
    $saved = get_option(SPORTELLO_OPTION, array());
    return wp_parse_args(is_array($saved) ? $saved : array(), array('host' => '', 'site' => '', 'secret' => ''));
}

/** HMAC-SHA256 of the user id under the site secret, as Sportello checks it. */
function sportello_user_hash(string $user_id, string $secret): string {
    return hash_hmac('sha256', $user_id, $secret);
}

/** Prints the snippet in the footer of every storefront page. */
function sportello_print_snippet(): void {
    if (is_admin()) {
        return;
    }
    $settings = sportello_settings();
    $host = rtrim((string) $settings['host'], '/');
    $site = (string) $settings['site'];
    if ($host === '' || $site === '') {
        return;
    }
    $init = array('site' => $site, 'locale' => substr(get_locale(), 0, 2));
    $identity = null;
    $user = wp_get_current_user();
    if ($user && $user->ID && $settings['secret'] !== '') {
        $user_id = (string) $user->ID;
        $identity = array(
            'userId' => $user_id,
            'email' => $user->user_email,
            'name' => $user->display_name,
            'userHash' => sportello_user_hash($user_id, (string) $settings['secret']),
        );
    }
    echo "<script>\n";
    echo "window.Sportello = window.Sportello || function () { (window.Sportello.q = window.Sportello.q || []).push(arguments); };\n";
    // JSON_HEX_TAG: a name or email can never close the script element.
    echo 'Sportello("init", ' . wp_json_encode($init, JSON_HEX_TAG | JSON_HEX_AMP) . ");\n";
    if ($identity) {
        echo 'Sportello("identify", ' . wp_json_encode($identity, JSON_HEX_TAG | JSON_HEX_AMP) . ");\n";
    }
    echo "</script>\n";
    echo '<script async src="' . esc_url($host . '/widget.js') . '"></script>' . "\n";
}
add_action('wp_footer', 'sportello_print_snippet');

/** Settings → Sportello Chat. */
function sportello_admin_menu(): void {
    add_options_page('Sportello Chat', 'Sportello Chat', 'manage_options', 'sportello-chat', 'sportello_settings_page');
}
add_action('admin_menu', 'sportello_admin_menu');

function sportello_register_settings(): void {
    register_setting('sportello_chat', SPORTELLO_OPTION, array('type' => 'array', 'sanitize_callback' => 'sportello_sanitize'));
}
add_action('admin_init', 'sportello_register_settings');

/** Keeps a valid https URL, a plain site key and the secret; leaves the old secret when the field is left empty. */
function sportello_sanitize($input): array {
    $old = sportello_settings();
    $input = is_array($input) ? $input : array();
    $host = esc_url_raw(trim((string) ($input['host'] ?? '')), array('https', 'http'));
    $site = preg_replace('/[^A-Za-z0-9_-]/', '', (string) ($input['site'] ?? ''));
    $secret = trim((string) ($input['secret'] ?? ''));
    return array(
        'host' => $host,
        'site' => $site,
        'secret' => $secret !== '' ? $secret : $old['secret'],
    );
}

function sportello_settings_page(): void {
    if (!current_user_can('manage_options')) {
        return;
    }
    $settings = sportello_settings();
    ?>
    <div class="wrap">
        <h1>Sportello Chat</h1>
        <form method="post" action="options.php">
            <?php settings_fields('sportello_chat'); ?>
            <table class="form-table" role="presentation">
                <tr>
                    <th scope="row"><label for="sportello-host">Sportello address</label></th>
                    <td><input id="sportello-host" class="regular-text" type="url" name="<?php echo esc_attr(SPORTELLO_OPTION); ?>[host]" value="<?php echo esc_attr($settings['host']); ?>" placeholder="https://chat.example.com"></td>
                </tr>
                <tr>
                    <th scope="row"><label for="sportello-site">Site key</label></th>
                    <td><input id="sportello-site" class="regular-text" type="text" name="<?php echo esc_attr(SPORTELLO_OPTION); ?>[site]" value="<?php echo esc_attr($settings['site']); ?>"></td>
                </tr>
                <tr>
                    <th scope="row"><label for="sportello-secret">Identity secret</label></th>
                    <td>
                        <input id="sportello-secret" class="regular-text" type="password" autocomplete="new-password" name="<?php echo esc_attr(SPORTELLO_OPTION); ?>[secret]" value="" placeholder="<?php echo $settings['secret'] !== '' ? esc_attr__('(saved; leave empty to keep it)', 'sportello-chat') : ''; ?>">
                        <p class="description">From Sportello's console, Settings → Widget → Identity secret. It stays on this server; shoppers' browsers only get its HMAC of their user id.</p>
                    </td>
                </tr>
            </table>
            <?php submit_button(); ?>
        </form>
    </div>
    <?php
}
