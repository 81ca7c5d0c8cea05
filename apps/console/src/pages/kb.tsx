export function KnowledgeBase() {
  return <p>KnowledgeBase</p>;
}
