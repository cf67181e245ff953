/**
 * What each of the programme's three workshops is about, in plain words: the theme, the day's
 * agenda, the question each pair starts from and the questions for the whole cohort. The themes
 * follow the programme: the benefits of working collaboratively; sharing expertise and
 * experiences; building collaborative networks and appreciating different perspectives.
 */
export interface WorkshopPlan {
  theme: string;
  agenda: { time: string; activity: string }[];
  pairPrompt: string;
  /** At least one; the first is the shared area's main question. */
  sharedPrompts: [string, ...string[]];
}

const PLANS: Record<1 | 2 | 3, WorkshopPlan> = {
  1: {
    theme: 'the benefits of working collaboratively',
    agenda: [
      { time: '10:00', activity: 'Welcome and introductions' },
      { time: '10:30', activity: 'Why work together? What each of us brings' },
      { time: '11:30', activity: 'Meet your partner and choose a shared challenge' },
      { time: '12:30', activity: 'Lunch' },
      { time: '13:15', activity: 'Work on your challenge together' },
      { time: '14:45', activity: 'Share with the room and vote on ideas' },
      { time: '15:30', activity: 'What we learned and what happens next' },
      { time: '16:00', activity: 'Close' },
    ],
    pairPrompt: 'Our shared challenge: what is it, and who does it affect?',
    sharedPrompts: [
      'What could we achieve together that neither of us could alone?',
      'What have you gained from working with someone whose background is different from yours?',
      'What gets in the way of working together?',
    ],
  },
  2: {
    theme: 'sharing expertise and experiences',
    agenda: [
      { time: '10:00', activity: 'Welcome back' },
      { time: '10:20', activity: 'Since last time: what happened on your project?' },
      { time: '11:00', activity: 'Sharing expertise: lived experience and professional knowledge' },
      { time: '12:30', activity: 'Lunch' },
      { time: '13:15', activity: 'Develop your project together' },
      { time: '14:30', activity: 'Feedback from other pairs: two things that work and one wish' },
      { time: '15:30', activity: 'Next steps before the last workshop' },
      { time: '16:00', activity: 'Close' },
    ],
    pairPrompt: 'What have we learned from each other since the first workshop?',
    sharedPrompts: [
      'What do you know from lived experience that professionals might miss?',
      'What do you know from your work that others might not see?',
      'Tell us about a time someone else’s experience changed your mind.',
    ],
  },
  3: {
    theme: 'building collaborative networks and appreciating different perspectives',
    agenda: [
      { time: '10:00', activity: 'Welcome back' },
      { time: '10:20', activity: 'Where your projects have got to' },
      { time: '11:00', activity: 'Map your network: who else should be involved?' },
      { time: '12:30', activity: 'Lunch' },
      { time: '13:15', activity: 'Seeing it from the other side: swapping perspectives' },
      { time: '14:30', activity: 'How we keep going after the programme' },
      { time: '15:30', activity: 'Celebrate what we have made together' },
      { time: '16:00', activity: 'Close' },
    ],
    pairPrompt: 'Who is in our network, and who should we reach next?',
    sharedPrompts: [
      'Who else needs to be part of this work?',
      'Whose point of view is missing from the room?',
      'How will we keep working together after the programme?',
    ],
  },
};

/** The plan for workshop 1, 2 or 3 (anything else falls back to the first). */
export function workshopPlan(workshopNumber: number): WorkshopPlan {
  return PLANS[workshopNumber === 2 || workshopNumber === 3 ? workshopNumber : 1];
}
