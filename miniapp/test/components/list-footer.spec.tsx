import { fireEvent, render, screen } from '@testing-library/react';
import { ListFooter } from '../../src/pages/staff/components/list-footer';

describe('ListFooter', () => {
  it('offers the next page while fewer cases are shown than the total', () => {
    const onMore = jest.fn();
    render(<ListFooter shown={50} total={120} capped={false} loading={false} onMore={onMore} />);
    expect(screen.getByText('已显示 50 件，共 120 件')).toBeInTheDocument();
    fireEvent.click(screen.getByText('加载更多'));
    expect(onMore).toHaveBeenCalledTimes(1);
  });

  it('says "1000+" for a capped total and still offers more', () => {
    render(<ListFooter shown={100} total={1000} capped loading={false} onMore={jest.fn()} />);
    expect(screen.getByText('已显示 100 件，共 1000+ 件')).toBeInTheDocument();
    expect(screen.getByText('加载更多')).toBeInTheDocument();
  });

  it('says everything is shown, with no button, once the list is complete', () => {
    render(<ListFooter shown={7} total={7} capped={false} loading={false} onMore={jest.fn()} />);
    expect(screen.getByText('共 7 件，已全部显示')).toBeInTheDocument();
    expect(screen.queryByText('加载更多')).not.toBeInTheDocument();
  });

  it('shows the page is loading instead of offering it twice', () => {
    render(<ListFooter shown={50} total={120} capped={false} loading onMore={jest.fn()} />);
    expect(screen.getByText('加载中…')).toBeInTheDocument();
    expect(screen.queryByText('加载更多')).not.toBeInTheDocument();
  });

  it('renders nothing for an empty list (the page says 暂无工单)', () => {
    const { container } = render(<ListFooter shown={0} total={0} capped={false} loading={false} onMore={jest.fn()} />);
    expect(container).toBeEmptyDOMElement();
  });
});
