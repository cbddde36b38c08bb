/**
 * Where the API lives. The default is the reference server on loopback (`npm start` in the
 * repository); in Alipay's developer tool turn off the request domain check to reach it, and put
 * your own HTTPS origin here (and in the app's server domain whitelist) for a real device.
 */
module.exports = {
  API: 'http://127.0.0.1:8787',
}
