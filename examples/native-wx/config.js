/**
 * Where the API lives. The default is the reference server on loopback (`npm start` in the
 * repository); in WeChat DevTools tick "Do not verify request domains" to reach it, and put your
 * own HTTPS origin here for a real device.
 */
module.exports = {
  API: 'http://127.0.0.1:8787',
}
