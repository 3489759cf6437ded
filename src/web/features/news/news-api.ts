import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewsPatch, NewsPostDto, NewsSummaryDto } from '#src/core/news/dto.ts';
import { api } from '../../lib/api';

export type { NewsPostDto as NewsPost, NewsSummaryDto as NewsSummary };

/** The post of an activity, if it has one. */
export function useActivityNews(activityId: string) {
  return useQuery({
    queryKey: ['news', 'activity', activityId],
    queryFn: async () => (await api<{ items: NewsSummaryDto[] }>('GET', `/api/news?activityId=${activityId}`)).items[0] ?? null,
  });
}

export function useNews(id: string) {
  return useQuery({ queryKey: ['news', id], queryFn: () => api<NewsPostDto>('GET', `/api/news/${id}`) });
}

export function useDraftNews() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (activityId: string) => api<NewsPostDto>('POST', `/api/activities/${activityId}/news`),
    onSuccess: (post) => {
      qc.setQueryData(['news', post.id], post);
      void qc.invalidateQueries({ queryKey: ['news', 'activity', post.activityId] });
    },
  });
}

export function useNewsMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch, publish, unpublish }: { id: string; patch?: NewsPatch; publish?: boolean; unpublish?: { reason: string } }) =>
      unpublish
        ? api<NewsPostDto>('POST', `/api/news/${id}/unpublish`, unpublish)
        : publish
          ? api<NewsPostDto>('POST', `/api/news/${id}/publish`)
          : api<NewsPostDto>('PATCH', `/api/news/${id}`, patch ?? {}),
    onSuccess: (post) => {
      qc.setQueryData(['news', post.id], post);
      void qc.invalidateQueries({ queryKey: ['news', 'activity', post.activityId] });
    },
  });
}
