/**
 * Notifications show text as it is: Markdown code spans (`### Key Entities`) would appear with
 * their backticks. Messages written for Markdown (the generator's, the rules') pass through here.
 */
export function plainText(message: string): string {
  return message.replace(/`([^`\n]+)`/g, '"$1"').replace(/\*\*([^*\n]+)\*\*/g, '$1');
}
