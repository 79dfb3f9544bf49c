// Deno without one of the permissions the package needs: the load error must name exactly the
// missing flag(s). Run from the Deno project folder: deno run [flags] deno-permissions.mjs '<JSON of expected flags>'
import process from 'node:process'

const expected = JSON.parse(Deno.args[0])
try {
  await import('npm:@twilio-native/webhooks@0.1.0')
  console.log('loaded, but expected a load error')
  process.exit(1)
} catch (e) {
  const got = e.denoPermissions || []
  const firstFix = (e.message.split('Usual fixes:\n')[1] || '').split('\n')[0]
  const ok =
    e.code === 'ERR_TWILIO_NATIVE_BINDING_NOT_FOUND' &&
    JSON.stringify(got) === JSON.stringify(expected) &&
    expected.every((f) => firstFix.includes(f))
  console.log(
    `${ok ? 'ok' : 'WRONG'}: missing ${JSON.stringify(expected)} -> ${e.code} ${JSON.stringify(got)}: ${firstFix.trim()}`,
  )
  if (!ok) {
    console.log(e.message)
    process.exit(1)
  }
}
