// node-plop imports inquirer for plop's own prompts. The CLI asks its questions with
// @inquirer/prompts and only ever runs node-plop's actions, so the bundle gets this stand-in.
function unavailable(): never {
  throw new Error('interactive plop prompts are not available inside create-secure-api');
}

const inquirer = { prompt: unavailable, registerPrompt: unavailable };
export default inquirer;
