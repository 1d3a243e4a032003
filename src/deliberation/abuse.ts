/**
 * The abuse screen: obscenity's English dataset with its recommended transformers (it sees through
 * leetspeak and repeated letters). A match does not reject the statement; it sends it to a
 * moderator, who decides.
 */
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

export function isFlagged(text: string): boolean {
  return matcher.hasMatch(text);
}
